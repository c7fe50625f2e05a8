#ifndef SCHEMAGEN_CLIBPQ_SHIM_H
#define SCHEMAGEN_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
