#ifndef SCHEMAGEN_CSQLITE3_SHIM_H
#define SCHEMAGEN_CSQLITE3_SHIM_H
#include <sqlite3.h>
#endif
