/* peak_rss CMD [ARGS...]: runs CMD with its output passed through, then prints
 * to stderr one line `peak_rss_kb=N wall_ms=T status=S`, where N is the child's
 * peak resident set (getrusage RUSAGE_CHILDREN, ru_maxrss, in KiB on Linux).
 * Exits with the child's status. A stand-in for `/usr/bin/time -v` on machines
 * without GNU time. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CMD [ARGS...]\n", argv[0]);
    return 2;
  }
  double start = now_ms();
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "peak_rss: fork: %s\n", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    fprintf(stderr, "peak_rss: %s: %s\n", argv[1], strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "peak_rss: waitpid: %s\n", strerror(errno));
      return 1;
    }
  }
  double wall = now_ms() - start;
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  fprintf(stderr, "peak_rss_kb=%ld wall_ms=%.3f status=%d\n", ru.ru_maxrss, wall, code);
  return code;
}
