/// Reads schema sources into the graph: YAML → definitions → `Schema`, collecting every finding.
public struct SchemaLoader: Sendable {
    public var naming: Naming
    /// Which implicit checks each database needs: the config's storage choices.
    public var policy: ImplicitCheck.Policy
    public var readerLimits: YAMLReader.Limits

    public init(
        naming: Naming = Naming(), policy: ImplicitCheck.Policy = .init(), readerLimits: YAMLReader.Limits = .init()
    ) {
        self.naming = naming
        self.policy = policy
        self.readerLimits = readerLimits
    }

    /// The loader for a project's config: its naming convention and storage choices.
    public init(config: Config, readerLimits: YAMLReader.Limits = .init()) {
        self.init(naming: Naming(config.naming), policy: ImplicitCheck.Policy(config), readerLimits: readerLimits)
    }

    public struct Result: Sendable {
        /// The graph, when the input had no format errors.
        public var schema: Schema?
        public var diagnostics: [Diagnostic]
    }

    public func load(_ sources: SchemaSources) -> Result {
        var diagnostics: [Diagnostic] = []
        var definitions = SchemaDefinitions()
        let reader = YAMLReader(limits: readerLimits)
        for file in sources.files {
            let root: YAMLNode?
            do {
                root = try reader.read(file.bytes, file: file.path)
            } catch {
                diagnostics.append(error)
                continue
            }
            guard let root else {
                diagnostics.append(
                    .warning(
                        "schema file is empty", rule: FormatRule.emptyFile,
                        at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            var parser = DocumentParser(file: file.path)
            parser.parse(root)
            diagnostics += parser.reader.diagnostics
            let defined = parser.definitions
            if parser.reader.diagnostics.isEmpty, defined.tables.isEmpty, defined.enums.isEmpty,
                defined.mixins.isEmpty
            {
                diagnostics.append(
                    .warning(
                        "schema file defines no table, enum or mixin", rule: FormatRule.emptyFile,
                        at: SourceLocation(file: file.path, line: 1, column: 1)))
            }
            definitions.tables += parser.definitions.tables
            definitions.enums += parser.definitions.enums
            definitions.mixins += parser.definitions.mixins
        }
        var builder = GraphBuilder(naming: naming, policy: policy)
        let schema = builder.build(definitions)
        diagnostics += builder.diagnostics
        return Result(schema: diagnostics.hasErrors ? nil : schema, diagnostics: diagnostics.sortedForOutput())
    }
}
