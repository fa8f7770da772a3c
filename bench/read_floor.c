/* read_floor DIR: the floor for the read-only benchmarks. It does the least any
 * migration tool must do with a folder of migrations: list it, then open, read
 * and close every `*.sql` file in it, one thread, one reused buffer. It prints
 * the file and byte counts so the work cannot be optimised away and so the
 * caller can check it read what strata reads. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_sql_name(const char* name) {
  size_t n = strlen(name);
  return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  DIR* dir = opendir(argv[1]);
  if (dir == NULL) {
    fprintf(stderr, "read_floor: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  size_t cap = 64 * 1024;
  char* buf = malloc(cap);
  if (buf == NULL) return 1;
  size_t files = 0;
  unsigned long long bytes = 0;
  unsigned checksum = 0;
  char path[4096];
  struct dirent* ent;
  while ((ent = readdir(dir)) != NULL) {
    if (!is_sql_name(ent->d_name)) continue;
    /* A full path per file, as a tool that is handed folder names would build. */
    if (snprintf(path, sizeof path, "%s/%s", argv[1], ent->d_name) >= (int)sizeof path) continue;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      fprintf(stderr, "read_floor: %s: %s\n", path, strerror(errno));
      return 1;
    }
    for (;;) {
      ssize_t n = read(fd, buf, cap);
      if (n < 0) {
        if (errno == EINTR) continue;
        fprintf(stderr, "read_floor: %s: %s\n", path, strerror(errno));
        return 1;
      }
      if (n == 0) break;
      bytes += (unsigned long long)n;
      checksum += (unsigned char)buf[0];
    }
    close(fd);
    ++files;
  }
  closedir(dir);
  free(buf);
  printf("%zu files, %llu bytes (%u)\n", files, bytes, checksum);
  return 0;
}
