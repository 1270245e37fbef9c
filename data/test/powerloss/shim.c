/*
 * Power-loss shim for the SQLite durability test (data/test/powerloss.test.ts), loaded with LD_PRELOAD
 * into a child process that runs the store.
 *
 * For every file under $PICKPACK_POWERLOSS_DIR it records, before each write or truncate, the bytes
 * about to be overwritten (the pre-image) and the file's size, in the journal $PICKPACK_POWERLOSS_JOURNAL;
 * and after each successful fsync/fdatasync a SYNC mark for that file. The writes themselves go to the
 * file as usual, so the process reads what it wrote. After the process is killed, the test plays the
 * journal backwards from the end down to each file's last SYNC (or to a random point after it), which
 * leaves every file as a disk would after a power cut: what was synced is there; what was not may be lost.
 *
 * Journal record: u8 kind ('W' write, 'T' truncate, 'S' sync, 'N' name), u32 file id, then for 'N' u32
 * length + path; for 'W' u64 offset, u64 old size, u32 length + pre-image bytes (what was there; shorter
 * than the write where the file ended); for 'T' u64 new size, u64 old size, u32 length + the cut bytes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096
static int tracked[MAX_FD]; /* 0: not tracked; else file id */
static int next_id = 1;
static int journal = -1;
static char dir[PATH_MAX];
static size_t dir_len;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_close)(int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);

__attribute__((constructor)) static void init(void) {
  real_write = dlsym(RTLD_NEXT, "write");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  real_pread = dlsym(RTLD_NEXT, "pread");
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_openat64 = dlsym(RTLD_NEXT, "openat64");
  real_close = dlsym(RTLD_NEXT, "close");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
  real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
  const char *d = getenv("PICKPACK_POWERLOSS_DIR");
  const char *j = getenv("PICKPACK_POWERLOSS_JOURNAL");
  if (!d || !j) return;
  if (!realpath(d, dir)) return;
  dir_len = strlen(dir);
  journal = real_open(j, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static void put(const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t w = real_write(journal, c, n);
    if (w <= 0) abort(); /* a journal we cannot write would make the test lie */
    c += w;
    n -= (size_t)w;
  }
}

/* One record in one write(2) where it fits, so a kill never leaves half a record behind the last whole one. */
static void record(char kind, int id, const void *head, size_t head_len, const void *body, uint32_t body_len) {
  size_t total = 1 + 4 + head_len + (body ? 4 + body_len : 0);
  char *buf = malloc(total);
  if (!buf) abort();
  size_t at = 0;
  buf[at++] = kind;
  uint32_t id32 = (uint32_t)id;
  memcpy(buf + at, &id32, 4); at += 4;
  if (head_len) { memcpy(buf + at, head, head_len); at += head_len; }
  if (body) { memcpy(buf + at, &body_len, 4); at += 4; memcpy(buf + at, body, body_len); at += body_len; }
  put(buf, at);
  free(buf);
}

static void track(int fd, const char *path, int dirfd) {
  if (journal < 0 || fd < 0 || fd >= MAX_FD) return;
  char full[PATH_MAX];
  if (path[0] == '/') {
    snprintf(full, sizeof full, "%s", path);
  } else {
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD || dirfd < 0) { if (!getcwd(base, sizeof base)) return; }
    else { char proc[64]; snprintf(proc, sizeof proc, "/proc/self/fd/%d", dirfd); ssize_t n = readlink(proc, base, sizeof base - 1); if (n < 0) return; base[n] = 0; }
    snprintf(full, sizeof full, "%s/%s", base, path);
  }
  if (strncmp(full, dir, dir_len) != 0 || (full[dir_len] != '/' && full[dir_len] != 0)) return;
  pthread_mutex_lock(&lock);
  int id = next_id++;
  tracked[fd] = id;
  record('N', id, NULL, 0, full, (uint32_t)strlen(full));
  pthread_mutex_unlock(&lock);
}

static off_t size_of(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? st.st_size : 0;
}

/* Before a write of n bytes at off: save what is there now (and the size the file had). */
static void before_write(int fd, size_t n, off_t off) {
  if (fd < 0 || fd >= MAX_FD || !tracked[fd]) return;
  pthread_mutex_lock(&lock);
  off_t size = size_of(fd);
  size_t have = off >= size ? 0 : (size_t)((size - off) < (off_t)n ? (size - off) : (off_t)n);
  char *pre = malloc(have ? have : 1);
  if (!pre) abort();
  if (have && real_pread(fd, pre, have, off) != (ssize_t)have) abort();
  uint64_t head[2] = { (uint64_t)off, (uint64_t)size };
  record('W', tracked[fd], head, sizeof head, pre, (uint32_t)have);
  free(pre);
  pthread_mutex_unlock(&lock);
}

static void before_truncate(int fd, off_t len) {
  if (fd < 0 || fd >= MAX_FD || !tracked[fd]) return;
  pthread_mutex_lock(&lock);
  off_t size = size_of(fd);
  size_t cut = size > len ? (size_t)(size - len) : 0;
  char *pre = malloc(cut ? cut : 1);
  if (!pre) abort();
  if (cut && real_pread(fd, pre, cut, len) != (ssize_t)cut) abort();
  uint64_t head[2] = { (uint64_t)len, (uint64_t)size };
  record('T', tracked[fd], head, sizeof head, pre, (uint32_t)cut);
  free(pre);
  pthread_mutex_unlock(&lock);
}

static void after_sync(int fd) {
  if (fd < 0 || fd >= MAX_FD || !tracked[fd]) return;
  pthread_mutex_lock(&lock);
  record('S', tracked[fd], NULL, 0, NULL, 0);
  pthread_mutex_unlock(&lock);
}

static mode_t mode_arg(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
  va_list ap; va_start(ap, flags); mode_t m = mode_arg(flags, ap); va_end(ap);
  int fd = real_open(path, flags, m);
  track(fd, path, AT_FDCWD);
  return fd;
}
int open64(const char *path, int flags, ...) {
  va_list ap; va_start(ap, flags); mode_t m = mode_arg(flags, ap); va_end(ap);
  int fd = real_open64(path, flags, m);
  track(fd, path, AT_FDCWD);
  return fd;
}
int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap; va_start(ap, flags); mode_t m = mode_arg(flags, ap); va_end(ap);
  int fd = real_openat(dirfd, path, flags, m);
  track(fd, path, dirfd);
  return fd;
}
int openat64(int dirfd, const char *path, int flags, ...) {
  va_list ap; va_start(ap, flags); mode_t m = mode_arg(flags, ap); va_end(ap);
  int fd = real_openat64(dirfd, path, flags, m);
  track(fd, path, dirfd);
  return fd;
}
int close(int fd) {
  if (fd >= 0 && fd < MAX_FD) tracked[fd] = 0;
  return real_close(fd);
}
ssize_t write(int fd, const void *buf, size_t n) {
  if (fd >= 0 && fd < MAX_FD && tracked[fd]) before_write(fd, n, lseek(fd, 0, SEEK_CUR));
  return real_write(fd, buf, n);
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  before_write(fd, n, off);
  return real_pwrite(fd, buf, n, off);
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
  before_write(fd, n, off);
  return real_pwrite64(fd, buf, n, off);
}
int ftruncate(int fd, off_t len) {
  before_truncate(fd, len);
  return real_ftruncate(fd, len);
}
int ftruncate64(int fd, off_t len) {
  before_truncate(fd, len);
  return real_ftruncate64(fd, len);
}
int fsync(int fd) {
  int r = real_fsync(fd);
  if (r == 0) after_sync(fd);
  return r;
}
int fdatasync(int fd) {
  int r = real_fdatasync(fd);
  if (r == 0) after_sync(fd);
  return r;
}
