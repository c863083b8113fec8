// SPDX-License-Identifier: MIT
/* srv6d entry point (being built up in issue #2). */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "srv6d: not ready (issue #2)\n");
	return 1;
}
