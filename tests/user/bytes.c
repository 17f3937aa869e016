/* tests/user/bytes.c: writes every byte value 0..255 twice, and "\n" and
   "\r\n" endings: run-in-vm must deliver them to the host unchanged.  With
   an argument FILE TEXT it writes TEXT to FILE instead (for --disk). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc == 3) {
        int fd = open(argv[1], O_CREAT | O_TRUNC | O_WRONLY, 0644);
        write(fd, argv[2], strlen(argv[2]));
        return close(fd) == 0 ? 0 : 1;
    }
    unsigned char all[512];
    for (int i = 0; i < 512; i++)
        all[i] = (unsigned char)i;
    write(1, all, sizeof all);
    write(1, "line\nline\r\n", 11);
    return 0;
}
