/* ppdev_client: a small ppdev program, written as any Linux ppdev user writes one, that the
 * preload library's tests run unmodified against a simulated topology.
 *
 *   ppdev_client PATH [TEXT]
 *
 * Claims the port, prints its modes and status, reads the peripheral's Device ID in nibble mode,
 * writes four bytes to its EPP data registers and reads them back, writes TEXT (default "hello
 * from ppdev\n") in compatibility mode, and releases the port. Exit status 0 if every step
 * worked. */

#include <errno.h>
#include <fcntl.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int Fail(const char* what) {
  printf("%s: %s\n", what, strerror(errno));
  return 1;
}

/* The Device ID: two length bytes (big-endian, counting themselves), then the text. */
static int ReadDeviceId(int fd) {
  int mode = IEEE1284_MODE_NIBBLE | IEEE1284_DEVICEID;
  if (ioctl(fd, PPNEGOT, &mode) != 0) return Fail("PPNEGOT nibble|device id");
  unsigned char id[1024];
  ssize_t got = 0;
  while (got < (ssize_t)sizeof id) {
    ssize_t n = read(fd, id + got, sizeof id - (size_t)got);
    if (n <= 0) break;
    got += n;
    if (got >= 2 && got >= ((id[0] << 8) | id[1])) break;
  }
  if (got < 2) return Fail("read device id");
  printf("device id: %.*s\n", (int)(got - 2), (const char*)id + 2);
  mode = IEEE1284_MODE_COMPAT;
  if (ioctl(fd, PPNEGOT, &mode) != 0) return Fail("PPNEGOT compat");
  return 0;
}

static int SetMode(int fd, int mode) { return ioctl(fd, PPSETMODE, &mode); }

/* EPP: an address cycle, four data cycles, the address again and four data reads. The peripheral
 * is a register file whose address moves on by one per data cycle. */
static int EppRoundTrip(int fd) {
  int mode = IEEE1284_MODE_EPP;
  if (ioctl(fd, PPNEGOT, &mode) != 0) return Fail("PPNEGOT epp");
  const unsigned char address = 0x10;
  const unsigned char data[4] = {'e', 'p', 'p', 0xa5};
  unsigned char back[4] = {0};
  if (SetMode(fd, IEEE1284_MODE_EPP | IEEE1284_ADDR) != 0) return Fail("PPSETMODE epp|addr");
  if (write(fd, &address, 1) != 1) return Fail("epp address write");
  if (SetMode(fd, IEEE1284_MODE_EPP) != 0) return Fail("PPSETMODE epp");
  if (write(fd, data, sizeof data) != (ssize_t)sizeof data) return Fail("epp data write");
  if (SetMode(fd, IEEE1284_MODE_EPP | IEEE1284_ADDR) != 0) return Fail("PPSETMODE epp|addr");
  if (write(fd, &address, 1) != 1) return Fail("epp address write");
  if (SetMode(fd, IEEE1284_MODE_EPP) != 0) return Fail("PPSETMODE epp");
  if (read(fd, back, sizeof back) != (ssize_t)sizeof back) return Fail("epp data read");
  if (memcmp(back, data, sizeof data) != 0) {
    printf("epp: read back %02x %02x %02x %02x\n", back[0], back[1], back[2], back[3]);
    return 1;
  }
  printf("epp: %zu bytes written and read back\n", sizeof data);
  mode = IEEE1284_MODE_COMPAT;
  if (ioctl(fd, PPNEGOT, &mode) != 0) return Fail("PPNEGOT compat");
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PATH [TEXT]\n", argv[0]);
    return 2;
  }
  const char* text = argc > 2 ? argv[2] : "hello from ppdev\n";
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) return Fail(argv[1]);
  if (ioctl(fd, PPCLAIM) != 0) return Fail("PPCLAIM");
  unsigned int modes = 0;
  unsigned char status = 0;
  if (ioctl(fd, PPGETMODES, &modes) != 0) return Fail("PPGETMODES");
  if (ioctl(fd, PPRSTATUS, &status) != 0) return Fail("PPRSTATUS");
  printf("modes 0x%02x%s%s%s, status 0x%02x\n", modes,
         modes & PARPORT_MODE_TRISTATE ? " TRISTATE" : "", modes & PARPORT_MODE_EPP ? " EPP" : "",
         modes & PARPORT_MODE_ECP ? " ECP" : "", status);
  if (ReadDeviceId(fd) != 0) return 1;
  if (EppRoundTrip(fd) != 0) return 1;
  if (SetMode(fd, IEEE1284_MODE_COMPAT) != 0) return Fail("PPSETMODE compat");
  ssize_t wrote = write(fd, text, strlen(text));
  if (wrote < 0) return Fail("write");
  printf("wrote %zd of %zu bytes\n", wrote, strlen(text));
  if (ioctl(fd, 0x7001) == 0 || errno != EINVAL) return Fail("unknown ioctl accepted");
  if (ioctl(fd, PPRELEASE) != 0) return Fail("PPRELEASE");
  if (close(fd) != 0) return Fail("close");
  return wrote == (ssize_t)strlen(text) ? 0 : 1;
}
