// A store's inventory, shared by threads.
#ifndef INVENTORY_H
#define INVENTORY_H

void restock(int item, int count);
int audit(void);
int report(void);

#endif
