/* sync: writes every dirty buffer and page back to disk. */
#include <unistd.h>

int main(void)
{
    sync();
    return 0;
}
