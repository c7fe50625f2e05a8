#ifndef SCHEMAGEN_CLIBYAML_SHIM_H
#define SCHEMAGEN_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
