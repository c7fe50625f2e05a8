#!/usr/bin/env python3
"""The peer in docs/performance.md: SQLAlchemy compiling the Postgres and SQLite DDL of a
schemagen project (the synthetic schemas of `schemagen-bench --write-project`).

Reads schema/*.yaml with PyYAML, applies the mixins, builds one SQLAlchemy `Table` per table
(columns with their types, nullability, server defaults, primary keys, foreign keys with ON DELETE,
unique columns, checks and indexes) and compiles CREATE TABLE and CREATE INDEX for both dialects,
as `schemagen generate` writes both scripts. Run it as a whole process, like schemagen:

    .build/sqlalchemy-venv/bin/python scripts/sqlalchemy-ddl.py PROJECT [--print]

(`python3 -m venv .build/sqlalchemy-venv && .build/sqlalchemy-venv/bin/pip install sqlalchemy pyyaml`.)
It covers what the synthetic schema uses, not schemagen's whole format.
"""
import glob
import os
import re
import sys

import yaml
from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Double, Enum,
                        ForeignKey, Index, Integer, LargeBinary, MetaData, Numeric, SmallInteger, String,
                        Table, Text, Uuid, text)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable


def column_type(spec, enums):
    name = spec.rstrip("?")
    match = re.fullmatch(r"(\w+)(?:\((\d+)(?:,\s*(\d+))?\))?", name)
    base, a, b = match.group(1), match.group(2), match.group(3)
    simple = {
        "uuid": Uuid, "text": Text, "int": Integer, "bigint": BigInteger, "smallint": SmallInteger,
        "bool": Boolean, "boolean": Boolean, "double": Double, "date": Date, "bytes": LargeBinary,
        "json": JSON, "timestamptz": lambda: DateTime(timezone=True), "timestamp": DateTime,
    }
    if base == "varchar":
        return String(int(a))
    if base == "decimal":
        return Numeric(int(a), int(b or 0))
    if base in enums:
        return Enum(*enums[base], name=base, native_enum=False)
    return simple.get(base, Text)()


def build(project):
    enums, mixins, tables = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(project, "schema", "*.yaml"))):
        with open(path) as handle:
            document = yaml.safe_load(handle) or {}
        for name, spec in (document.get("enums") or {}).items():
            enums[name] = spec["values"] if isinstance(spec, dict) else spec
        mixins.update(document.get("mixins") or {})
        tables.update(document.get("tables") or {})
    metadata = MetaData()
    for name, spec in tables.items():
        columns, extra = {}, []
        for mixin in spec.get("mixins", []):
            columns.update(mixins[mixin].get("columns", {}))
            extra += [("index", index) for index in mixins[mixin].get("indexes", [])]
        columns.update(spec.get("columns", {}))
        items = []
        for column_name, column in columns.items():
            if isinstance(column, str):
                column = {"type": column}
            args = []
            if "references" in column:
                target = column["references"]
                args.append(ForeignKey(target, ondelete=column.get("on_delete", "restrict").replace("_", " ").upper()))
            kwargs = {"nullable": column["type"].endswith("?"), "primary_key": column.get("primary_key", False),
                      "unique": column.get("unique", False), "index": column.get("index", False)}
            if "default" in column:
                kwargs["server_default"] = text(str(column["default"]))
            items.append(Column(column_name, column_type(column["type"], enums), *args, **kwargs))
            if "check" in column:
                items.append(CheckConstraint(column["check"]))
        for check in spec.get("checks", []):
            items.append(CheckConstraint(check["expr"]))
        table = Table(name, metadata, *items)
        for _, index in extra + [("index", index) for index in spec.get("indexes", [])]:
            Index("ix_" + name + "_" + "_".join(index["columns"]), *[table.c[c] for c in index["columns"]])
    return metadata


def main():
    metadata = build(sys.argv[1])
    out = []
    for dialect in (postgresql.dialect(), sqlite.dialect()):
        for table in metadata.sorted_tables:
            out.append(str(CreateTable(table).compile(dialect=dialect)))
            for index in table.indexes:
                out.append(str(CreateIndex(index).compile(dialect=dialect)))
    if "--print" in sys.argv:
        print(";\n".join(out))
    else:
        print(f"{len(metadata.tables)} tables, {len(out)} statements, {sum(map(len, out))} characters")


main()
