// SPDX-License-Identifier: MIT
/*
 * Run a fuzz target's inputs without libFuzzer: every file named, or in a
 * directory named, goes once through LLVMFuzzerTestOneInput. Linked with
 * each fuzz_*.c in ordinary builds, so `make test` (and `make asan`, under
 * ASan and UBSan) replays the seed corpora and the regression inputs of
 * fuzz/regressions/: a crash the fuzzers once found stays fixed, with gcc
 * as well as clang.
 *
 *   replay_fuzz_pipeline fuzz/corpus/fuzz_pipeline fuzz/regressions/fuzz_pipeline
 *
 * A target reports a broken invariant by aborting, so reaching the end
 * means every input passed.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(1);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0; /* an absent directory has no inputs (no regressions yet) */
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	DIR *d = opendir(path);
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n] = malloc(strlen(path) + strlen(e->d_name) + 2)))
			exit(1);
		sprintf(names[n++], "%s/%s", path, e->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	unsigned runs = 0;
	for (size_t i = 0; i < n; i++) {
		runs += run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return runs;
}

int main(int argc, char **argv)
{
	unsigned runs = 0;
	for (int i = 1; i < argc; i++)
		runs += run_path(argv[i]);
	printf("%s: %u inputs passed\n", argv[0], runs);
	return 0;
}
