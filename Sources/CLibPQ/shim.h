// Debian's libpq-dev puts the headers in /usr/include/postgresql, which `pkg-config --cflags libpq`
// names; the include below relies on it.
#include <libpq-fe.h>
