/* poweroff: syncs the disks and turns the machine off (reboot(2), POWER_OFF). */
#include <stdio.h>
#include <unistd.h>
#include <sys/reboot.h>

int main(void)
{
    sync();
    reboot(RB_POWER_OFF);
    perror("poweroff");
    return 1;
}
