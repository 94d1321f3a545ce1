// SPDX-License-Identifier: GPL-2.0
/* A 32-bit (i386, compat) caller for privilege.sh, without libc (none is installed for i386):
 * socket(AF_INET, SOCK_DGRAM), then for each argument gOPT or sOPT a getsockopt or setsockopt
 * (IPPROTO_IP, OPT) with an 84-byte buffer holding "filter"; prints "gOPT RESULT" lines,
 * RESULT 0 or -errno. Build: gcc -m32 -static -nostdlib -ffreestanding -fno-pic
 * -fno-stack-protector -O1. */
static long sys(long n, long a, long b, long c, long d, long e)
{
	long r;
	__asm__ volatile("push %%ebp\n\tmov %7, %%ebp\n\tint $0x80\n\tpop %%ebp"
			 : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(0) : "memory");
	return r;
}
static void out(const char *s, int n) { sys(4, 1, (long)s, n, 0, 0); }
static void num(long v)
{
	char b[16]; int i = 15; int neg = v < 0;
	if (neg) v = -v;
	do { b[i--] = '0' + v % 10; v /= 10; } while (v);
	if (neg) b[i--] = '-';
	out(b + i + 1, 15 - i);
}
static long atoi_(const char *s) { long v = 0; while (*s) v = v * 10 + (*s++ - '0'); return v; }
void __attribute__((used)) cmain(int argc, char **argv)
{
	static char buf[84] = "filter";
	unsigned int len = 84;
	long fd = sys(359, 2, 2, 0, 0, 0);
	for (int i = 1; i < argc; i++) {
		long opt = atoi_(argv[i] + 1);
		int set = argv[i][0] == 's';
		len = 84;
		out(argv[i], 1);
		num(opt);
		out(" ", 1);
		if (fd < 0)
			num(fd);
		else if (set)
			num(sys(366, fd, 0, opt, (long)buf, 84));
		else
			num(sys(365, fd, 0, opt, (long)buf, (long)&len));
		out("\n", 1);
	}
	sys(1, 0, 0, 0, 0, 0);
}
__asm__(".globl _start\n_start:\n\tmov (%esp), %eax\n\tlea 4(%esp), %ecx\n\tpush %ecx\n\tpush %eax\n\tcall cmain\n");
