/* false: exits 1, whatever its arguments (as coreutils' false). */
int main(void) { return 1; }
