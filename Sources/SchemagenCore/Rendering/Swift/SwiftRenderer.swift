import Foundation

/// Renders the schema as Swift `Codable` models through the Mustache templates of a `TemplateSet`:
/// `swift/<TypeName>.swift` per table, `swift/<EnumTypeName>.swift` per named enum, and the support
/// files `swift/JSONValue.swift`, `swift/DateOnly.swift` and `swift/TimestampCoding.swift` when some
/// column needs them.
///
/// Every decision (names, types, escaping, doc comments) is made here, in typed Swift; the templates
/// only lay the result out.
public struct SwiftRenderer: Renderer {
    public var config: Config
    /// The templates, or why they could not be loaded: reported when rendering, so that a pipeline
    /// can set up its renderers without a throwing step of its own.
    private var templates: Result<TemplateSet, Diagnostic>
    /// The type names of the schema it renders, when something derived them already (the checks,
    /// `Checks.runKeepingSwiftTypeNames`): taken when they were derived with this config's names.
    var typeNames: SwiftTypeNames?

    public init(config: Config, templates: TemplateSet) {
        self.config = config
        self.templates = .success(templates)
    }

    /// Loads the templates `config` asks for (`swift.templates`, relative to `projectRoot`, over the
    /// built-in ones); a problem with them is thrown by `render(_:)`.
    public init(config: Config, projectRoot: URL) {
        self.config = config
        do {
            self.templates = .success(try TemplateSet.load(config: config, projectRoot: projectRoot))
        } catch {
            self.templates = .failure(error)
        }
    }

    /// One part per range of tables, a file per table; the last part adds the named enums and the
    /// support files.
    public func parts(of schema: Schema, tablesPerPart: Int) throws(Diagnostic) -> RenderParts {
        let templates = try templates.get()
        let swiftNames = SwiftNames(config: config)
        let names =
            typeNames.flatMap { $0.names == swiftNames ? $0 : nil }
            ?? SwiftTypeNames(schema: schema, names: swiftNames)
        // The checks report every collision before rendering; a renderer used on its own stops at one.
        if let collision = names.collisions.first { throw collision }
        let ranges = RenderParts.ranges(of: schema.tables.count, size: tablesPerPart)
        let renderer = self
        return RenderParts(count: ranges.count) { part throws(Diagnostic) in
            try renderer.renderPart(part, of: schema, ranges: ranges, names: names, templates: templates)
        }
    }

    /// Part `part` of `parts(of:tablesPerPart:)`: a file per table of `ranges[part]`, and after the
    /// last range the enums and support files. A function of its own (not inlined), so that a
    /// profile shows the renderer's parts as one stage.
    @inline(never)
    func renderPart(
        _ part: Int, of schema: Schema, ranges: [Range<Int>], names: SwiftTypeNames, templates: TemplateSet
    ) throws(Diagnostic) -> RenderedPart {
        let access = access
        var files: [GeneratedFile] = []
        files.reserveCapacity(ranges[part].count)
        for index in ranges[part] {
            let context = try SwiftModelBuilder(table: schema.tables[index], typeNames: names, access: access)
                .context()
            let text = try templates.render(.model, context)
            files.append(GeneratedFile(path: "swift/\(context.typeName).swift", contents: text))
        }
        if part == ranges.count - 1 {
            files += try Self.enumsAndSupport(of: schema, names: names, templates: templates, access: access)
        }
        return RenderedPart(files: files)
    }

    /// A file per named enum, then the support files the columns need.
    private static func enumsAndSupport(
        of schema: Schema, names: SwiftTypeNames, templates: TemplateSet, access: String
    ) throws(Diagnostic) -> [GeneratedFile] {
        var files: [GeneratedFile] = []
        for enumType in schema.enums {
            let context = SwiftModelBuilder.enumContext(
                typeName: names.enumTypeName(enumType.name), enumName: enumType.name, values: enumType.values,
                comment: enumType.comment, indent: 0, header: SwiftRenderer.header(from: enumType.file),
                sourceFile: enumType.file, access: access)
            let text = try templates.render(.enum, context)
            files.append(GeneratedFile(path: "swift/\(context.typeName).swift", contents: text))
        }
        var json = false
        var date = false
        var timestamp = false
        for table in schema.tables {
            for column in table.columns {
                json = json || column.type == .json
                date = date || column.type == .date
                timestamp = timestamp || column.type.isTimestamp
            }
        }
        let support = SwiftSupportContext(header: SwiftRenderer.header(from: nil), access: access)
        if json {
            files.append(
                GeneratedFile(path: "swift/JSONValue.swift", contents: try templates.render(.jsonValue, support)))
        }
        if date {
            files.append(
                GeneratedFile(path: "swift/DateOnly.swift", contents: try templates.render(.dateOnly, support)))
        }
        if timestamp {
            files.append(
                GeneratedFile(
                    path: "swift/TimestampCoding.swift", contents: try templates.render(.timestampCoding, support)))
        }
        return files
    }

    /// The access modifier and its space, or nothing for `internal`, the default.
    var access: String { Self.accessModifier(config.swift.access) }

    /// `public `, `package `, or nothing for `internal`: for every generated Swift file.
    static func accessModifier(_ level: SwiftOptions.AccessLevel) -> String {
        switch level {
        case .public: "public "
        case .package: "package "
        case .internal: ""
        }
    }

    /// The first line of every file; no timestamp, so that regenerating changes nothing.
    static func header(from file: String?) -> String {
        "// \(GeneratedFile.marker)\(file.map { " from \($0)" } ?? ""). Do not edit."
    }
}

/// The Swift type name of every table and named enum, checked to be distinct: two of them with one
/// name would write the same file.
struct SwiftTypeNames: Sendable {
    var names: SwiftNames
    private var tableTypes: [String: String] = [:]
    private var enumTypes: [String: String] = [:]
    /// Every top-level type the models define or use, which a nested enum must not hide.
    private(set) var topLevel: Set<String> = []

    /// Type names (or file names, letter case aside) that two definitions would share, or that a
    /// support type holds; each is an error, `swift-collision`, whatever the `swift-name` level.
    private(set) var collisions: [Diagnostic] = []

    init(schema: Schema, names: SwiftNames) {
        self.names = names
        var owners: [String: (description: String, location: SourceLocation)] = [:]
        var fileOwners: [String: (typeName: String, owner: (description: String, location: SourceLocation))] = [:]
        func claim(_ typeName: String, by description: String, at location: SourceLocation, length: Int = 1) -> Bool {
            // The support types are generated beside the models, in files of the same names.
            if let purpose = SwiftNames.supportTypes[typeName] {
                collisions.append(
                    .error(
                        "\(description) would become the Swift type `\(typeName)`, whose file schemagen generates \(purpose)",
                        rule: FormatRule.swiftCollision, at: location, length: length,
                        fixes: ["set another `swift_name` on the table"]))
                return false
            }
            if let owner = owners[typeName] {
                collisions.append(
                    .error(
                        "\(description) and \(owner.description) both become the Swift type `\(typeName)`",
                        rule: FormatRule.swiftCollision, at: location, length: length,
                        fixes: ["set `swift_name` on the table"],
                        notes: [.init("\(owner.description) is defined here", at: owner.location)]))
                return false
            }
            // Each type is a file `swift/<Type>.swift`; on a case-insensitive disk (macOS's and
            // Windows's by default) `ABItem.swift` and `AbItem.swift` are one file, and a checkout
            // of the committed models would keep only one of them.
            let fileKey = typeName.lowercased()
            if let support = SwiftNames.supportTypes.keys.first(where: { $0.lowercased() == fileKey }) {
                collisions.append(
                    .error(
                        "\(description) would become the Swift type `\(typeName)`, whose file `\(typeName).swift` is "
                            + "`\(support).swift` on a case-insensitive disk (macOS, Windows), the file schemagen "
                            + "generates \(SwiftNames.supportTypes[support]!)",
                        rule: FormatRule.swiftCollision, at: location, length: length,
                        fixes: ["set another `swift_name` on the table"]))
                return false
            }
            if let (ownerType, owner) = fileOwners[fileKey] {
                collisions.append(
                    .error(
                        "\(description) becomes the Swift type `\(typeName)` and \(owner.description) `\(ownerType)`: "
                            + "`\(typeName).swift` and `\(ownerType).swift` are one file on a case-insensitive disk "
                            + "(macOS, Windows)",
                        rule: FormatRule.swiftCollision, at: location, length: length,
                        fixes: [
                            "set a `swift_name` on the table that differs from `\(ownerType)` in more than letter case"
                        ],
                        notes: [.init("\(owner.description) is defined here", at: owner.location)]))
                return false
            }
            owners[typeName] = (description, location)
            fileOwners[fileKey] = (typeName, (description, location))
            return true
        }
        for enumType in schema.enums {
            let typeName = names.typeName(forEnum: enumType.name)
            if claim(typeName, by: "enum `\(enumType.name)`", at: enumType.location, length: enumType.name.count) {
                enumTypes[enumType.name] = typeName
            }
        }
        for table in schema.tables {
            let typeName = names.typeName(for: table)
            // A finding about a written name points at it; a derived one, at the table.
            let location = table.swiftNameLocation ?? table.location
            let length = (table.swiftName ?? table.name).count
            // A derived name that would shadow a standard type gets `Record`; a written one is the
            // user's choice, and a model named `Date` or `UUID` would hide the type its own
            // properties use, so it would not compile.
            if table.swiftName != nil, SwiftNames.supportTypes[typeName] == nil,
                SwiftNames.shadowsStandardType(typeName)
            {
                collisions.append(
                    .error(
                        "swift_name `\(typeName)` of table `\(table.name)` would shadow the standard type `\(typeName)`",
                        rule: FormatRule.swiftCollision, at: location, length: length,
                        fixes: ["choose a name from your domain, e.g. `\(typeName)Record`"]))
                continue
            }
            if claim(typeName, by: "table `\(table.name)`", at: location, length: length) {
                tableTypes[table.name] = typeName
            }
        }
        topLevel = Set(owners.keys)
    }

    func tableTypeName(_ table: Table) -> String {
        tableTypes[table.name] ?? names.typeName(for: table)
    }

    func enumTypeName(_ name: String) -> String {
        enumTypes[name] ?? names.typeName(forEnum: name)
    }
}
