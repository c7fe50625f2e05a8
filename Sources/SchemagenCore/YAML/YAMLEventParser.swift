import CLibYAML

/// Drives libyaml's event parser over one file and hands the events to `YAMLTreeBuilder`.
struct YAMLEventParser {
    let bytes: [UInt8]
    let file: String
    let limits: YAMLReader.Limits

    func parseDocument() throws(Diagnostic) -> YAMLNode? {
        try YAMLEncodingCheck.validate(bytes, file: file)
        if bytes.isEmpty { return nil }
        // libyaml reads straight from the array's storage: it must stay pinned for the whole parse.
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> YAMLNode? in
            try parse(buffer)
        }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw .error("libyaml could not allocate a parser", rule: "yaml-syntax", at: nil)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)

        var builder = YAMLTreeBuilder(limits: limits)
        var firstDocument: SourceLocation?
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) != 0 else {
                throw YAMLSyntaxError.diagnostic(for: parser.pointee, bytes: bytes, file: file)
            }
            defer { yaml_event_delete(&event) }
            let location = location(of: event.start_mark)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                if let firstDocument {
                    throw .error(
                        "a second YAML document starts here; a schemagen file holds exactly one document",
                        rule: "yaml-document", at: location,
                        fixes: ["remove the `---` separator, or move the second document to a file of its own"],
                        notes: [Diagnostic.Note("the first document starts here", at: firstDocument)])
                }
                firstDocument = location
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: data.value, count: Int(data.length)), as: UTF8.self)
                try builder.scalar(
                    YAMLScalar(text, style: style(of: data.style)), tag: tag(data.tag), anchor: string(data.anchor),
                    at: location)
            case YAML_SEQUENCE_START_EVENT:
                let data = event.data.sequence_start
                try builder.startCollection(
                    isMapping: false, tag: tag(data.tag), anchor: string(data.anchor), at: location)
            case YAML_MAPPING_START_EVENT:
                let data = event.data.mapping_start
                try builder.startCollection(
                    isMapping: true, tag: tag(data.tag), anchor: string(data.anchor), at: location)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try builder.endCollection()
            case YAML_ALIAS_EVENT:
                try builder.alias(string(event.data.alias.anchor) ?? "", at: location)
            case YAML_STREAM_END_EVENT:
                return Self.documentRoot(builder.root)
            default:
                // Stream start and document end carry nothing the tree needs.
                break
            }
        }
    }

    /// A document with no content at all (`---` alone) reads like an empty file.
    private static func documentRoot(_ root: YAMLNode?) -> YAMLNode? {
        guard let root else { return nil }
        if let scalar = root.scalar, scalar.style == .plain, scalar.text.isEmpty, root.tag == nil { return nil }
        return root
    }

    /// libyaml marks are 0-based; ours are 1-based like an editor's.
    private func location(of mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func style(of style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml expands `!!str` to `tag:yaml.org,2002:str`; give it back in the short form users wrote.
    private func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer) else { return nil }
        let standardPrefix = "tag:yaml.org,2002:"
        if tag.hasPrefix(standardPrefix) { return "!!" + tag.dropFirst(standardPrefix.count) }
        return tag
    }
}
