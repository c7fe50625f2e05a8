import Testing

@testable import SchemagenCore

@Suite struct ConfigLoaderTests {
    private func parse(_ yaml: String) -> (config: Config, diagnostics: [Diagnostic]) {
        ConfigLoader.parse(Array(yaml.utf8), file: "schemagen.yaml")
    }

    @Test func everyKeyIsRead() {
        let (config, diagnostics) = parse(
            """
            schema: db/schema
            output: Sources/Models/Generated
            targets: [postgres, swift]
            postgres: { uuid_type: varchar(36), native_enums: true }
            sqlite: { strict_varchar: true }
            swift: { access: internal, templates: MyTemplates }
            naming: { index: "index_{table}_{columns}", primary_key: "{table}_pkey" }
            rules: { reserved-name: warning, status-index: off }
            conventions: { reserved_names: [metadata, registry], mass_nouns: [staff], key_type: string }
            """)
        #expect(diagnostics == [])
        #expect(config.schemaDirectory == "db/schema")
        #expect(config.outputDirectory == "Sources/Models/Generated")
        #expect(config.targets == [.postgres, .swift])
        #expect(config.postgres.uuidStorage == .varchar36)
        #expect(config.postgres.nativeEnums)
        #expect(config.sqlite.strictVarchar)
        #expect(config.swift.access == .internal)
        #expect(config.swift.templatesDirectory == "MyTemplates")
        #expect(config.naming.index == "index_{table}_{columns}")
        #expect(config.naming.primaryKey == "{table}_pkey")
        #expect(config.naming.unique == NamingConvention().unique)
        #expect(config.rules.levels == ["reserved-name": .warning, "status-index": .off])
        #expect(config.rules.reservedNames == ["metadata", "registry"])
        #expect(config.rules.massNouns == ["staff"])
        #expect(config.rules.keyType == .string)
    }

    @Test func defaultsWithoutAFile() {
        let (config, diagnostics) = parse("")
        #expect(diagnostics == [])
        #expect(config == Config())
        #expect(config.schemaDirectory == "schema")
        #expect(config.outputDirectory == "Generated")
        #expect(config.targets == Set(Config.Target.allCases))
    }

    @Test func mistakesArePositioned() {
        let (_, diagnostics) = parse(
            "outptu: x\ntargets: [postgress]\nrules: { fk-index: loud }\nnaming: { index: \"ix_{columns}\" }\n")
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:1:1: error: unknown key 'outptu' in schemagen.yaml; did you mean 'output'? [unknown-key]",
                "schemagen.yaml:2:11: error: unknown target 'postgress'; targets are postgres, sqlite, swift, markdown; did you mean 'postgres'? [config]",
                "schemagen.yaml:3:20: error: rule level must be error, warning or off, found 'loud' [config]",
                "schemagen.yaml:4:18: error: naming.index must contain {table}, or two tables would derive the same names [config]",
            ])
    }

    @Test func pathsStayInsideTheProjectUnlessAbsolute() {
        let (config, diagnostics) = parse("schema: ../elsewhere\noutput: /tmp/generated\n")
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:1:9: error: schema must stay inside the project (no '..'); use an absolute path to point elsewhere [config]"
            ])
        #expect(config.outputDirectory == "/tmp/generated")
    }

    @Test func namingTemplatesMustTellColumnsApart() {
        let (_, diagnostics) = parse("naming: { check: \"ck_{table}\", primary_key: \"{table}_pk\" }\n")
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:1:18: error: naming.check must contain {columns} (or {name}), or two of a table's check names would be the same [config]"
            ])
    }

    /// Only {table}, {columns} and {name} are replaced: anything else in braces would reach the DDL.
    @Test func unknownPlaceholdersAreErrorsAtThePlaceholder() {
        let (_, diagnostics) = parse(
            "naming:\n  foreign_key: fk_{tabel}_{columns}\n  unique: 'uq_{table}_{cols}'\n  index: \"ix_{table}_{colums}\"\n"
                + "  check: ck_{table}_{name\n  trigger: trg_{table}_{columns}_{when}\n")
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:2:19: error: naming.foreign_key has the unknown placeholder '{tabel}'; did you mean '{table}'? [config]",
                "schemagen.yaml:3:23: error: naming.unique has the unknown placeholder '{cols}' [config]",
                // Escapes could shift a double-quoted value: it is underlined as a whole.
                "schemagen.yaml:4:10: error: naming.index has the unknown placeholder '{colums}'; did you mean '{columns}'? [config]",
                "schemagen.yaml:5:21: error: naming.check has a '{' that no '}' closes [config]",
                "schemagen.yaml:6:34: error: naming.trigger has the unknown placeholder '{when}' [config]",
            ])
        #expect(diagnostics.first?.length == "{tabel}".count)
        #expect(diagnostics.first?.fixes == ["replace '{tabel}' with '{table}'"])
        #expect(diagnostics.last?.fixes == ["placeholders are {table}, {columns} and {name}"])
        // A plain value folded over two lines: its characters are not its columns any more.
        #expect(
            parse("naming:\n  foreign_key: fk_{table}\n    _{tabel}\n").diagnostics.map(\.description) == [
                "schemagen.yaml:2:16: error: naming.foreign_key has the unknown placeholder '{tabel}'; did you mean '{table}'? [config]"
            ])
    }

    /// A `}` that no `{` opens, and `{columns}` in a primary key's name (which has no columns),
    /// would reach the DDL as text: both are errors at their place.
    @Test func strayBracesAndAPrimaryKeysColumnsAreErrors() {
        let (_, diagnostics) = parse("naming:\n  index: ix_{table}}_{columns}\n  primary_key: pk_{table}_{columns}\n")
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:2:20: error: naming.index has a '}' that no '{' opens [config]",
                "schemagen.yaml:3:27: error: naming.primary_key cannot use '{columns}': a primary key has no columns of its own to name [config]",
            ])
    }
}
