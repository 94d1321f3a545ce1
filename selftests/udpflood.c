// SPDX-License-Identifier: GPL-2.0
/* udpflood ROUNDS COUNT DST SRC...: ROUNDS rounds; in each, COUNT UDP datagrams to DST port 9 from
 * each SRC in turn, sent with sendmmsg in batches of 32; prints "SRC ns/packet" (median). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 32
#define MAXSRC 8
#define MAXROUNDS 64

static long long now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: udpflood ROUNDS COUNT DST SRC...\n");
		return 2;
	}
	int rounds = atoi(argv[1]), count = atoi(argv[2]), nsrc = argc - 4;
	if (rounds < 1 || rounds > MAXROUNDS || count < 1 || nsrc > MAXSRC)
		return 2;
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	inet_pton(AF_INET, argv[3], &dst.sin_addr);
	int fd[MAXSRC];
	for (int i = 0; i < nsrc; i++) {
		struct sockaddr_in src = { .sin_family = AF_INET };
		inet_pton(AF_INET, argv[4 + i], &src.sin_addr);
		fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd[i] < 0 || bind(fd[i], (struct sockaddr *)&src, sizeof(src))) {
			perror("socket/bind");
			return 1;
		}
	}
	char payload[64];
	memset(payload, 'x', sizeof(payload));
	struct iovec iov = { payload, sizeof(payload) };
	struct mmsghdr msg[BATCH];
	for (int j = 0; j < BATCH; j++)
		msg[j] = (struct mmsghdr){ .msg_hdr = { .msg_name = &dst, .msg_namelen = sizeof(dst),
							 .msg_iov = &iov, .msg_iovlen = 1 } };
	static long long res[MAXSRC][MAXROUNDS];
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < nsrc; i++) {
			long long t = now();
			for (int left = count; left > 0;) {
				int n = left < BATCH ? left : BATCH;
				int sent = sendmmsg(fd[i], msg, n, 0);
				if (sent <= 0) {
					perror("sendmmsg");
					return 1;
				}
				left -= sent;
			}
			res[i][r] = (now() - t) / count;
		}
	for (int i = 0; i < nsrc; i++) {
		qsort(res[i], rounds, sizeof(res[i][0]), cmp);
		printf("%s %lld\n", argv[4 + i], res[i][rounds / 2]);
	}
	return 0;
}
