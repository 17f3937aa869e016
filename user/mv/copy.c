/* copy.c: mv shares cp's file copying (a program is one folder, so it is included). */
#include "../cp/copy.c"
