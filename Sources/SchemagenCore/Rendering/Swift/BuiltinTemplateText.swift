// The built-in `model.mustache` and `enum.mustache`, written out in Swift. swift-mustache looks up
// every `{{key}}` through a dynamic cast and a split of the key's name (200,000 lookups at 1,000
// tables, a third of a whole `check`); these functions append the same text directly. They are
// used only for a template whose text is the built-in one (`TemplateSet.nativeNames`), so a
// project's own templates always go through Mustache. `BuiltinTemplateTextTests` renders the
// fixtures, the example and synthetic schemas both ways and compares the bytes.
//
// Each line below is a line of the template; Mustache drops a line that holds only a section tag
// (a "standalone" tag), and so do these functions. The text goes into a `TextBuffer` piece by
// piece, without interpolated temporaries: appending to a `String` was most of their cost.

enum BuiltinTemplateText {
    /// `model.mustache` for `context`, before `TemplateSet.finish`.
    static func model(_ context: SwiftModelContext) -> String {
        var out = TextBuffer(capacity: 4_096)
        let access = context.access
        out += context.header
        out += "\n"
        if context.hasImports { out += "\n" }
        for module in context.imports {
            out += "import "
            out += module
            out += "\n"
        }
        out += "\n"
        for line in context.documentation {
            out += line
            out += "\n"
        }
        out += access
        out += "struct "
        out += context.typeName
        out += ": "
        out += context.conformances
        out += " {\n"
        for property in context.properties {
            for line in property.documentation {
                out += "    "
                out += line
                out += "\n"
            }
            out += "    "
            out += access
            out += "var "
            out += property.name
            out += ": "
            out += property.type
            out += "\n"
        }
        if let computedID = context.computedID {
            out += "\n"
            out += "    /// The key, `"
            out += computedID.property
            out += "`, as `Identifiable` asks for it.\n"
            out += "    "
            out += access
            out += "var id: "
            out += computedID.type
            out += " { "
            out += computedID.property
            out += " }\n"
        }
        for nested in context.nestedEnums {
            out += "\n"
            for line in nested.documentation {
                out += "    "
                out += line
                out += "\n"
            }
            out += "    "
            out += nested.access
            out += "enum "
            out += nested.typeName
            out += ": "
            out += nested.conformances
            out += " {\n"
            for enumCase in nested.cases {
                out += "        case "
                out += enumCase.name
                if let rawValue = enumCase.rawValue {
                    out += " = \""
                    out += rawValue
                    out += "\""
                }
                out += "\n"
            }
            out += "    }\n"
        }
        if context.hasProperties {
            out += "\n"
            out += "    "
            out += access
            out += "init(\n"
            for property in context.properties {
                out += "        "
                out += property.name
                out += ": "
                out += property.type
                if let parameterDefault = property.parameterDefault {
                    out += " = "
                    out += parameterDefault
                }
                out += property.separator
                out += "\n"
            }
            out += "    ) {\n"
            for property in context.properties {
                out += "        self."
                out += property.name
                out += " = "
                out += property.name
                out += "\n"
            }
            out += "    }\n"
            out += "\n"
            out += "    enum CodingKeys: String, CodingKey {\n"
            for property in context.properties {
                out += "        case "
                out += property.name
                if let codingKey = property.codingKey {
                    out += " = \""
                    out += codingKey
                    out += "\""
                }
                out += "\n"
            }
            out += "    }\n"
            if context.encodesLowercaseUUIDs {
                out += "\n"
                out +=
                    "    /// Writes each UUID in small letters, as Postgres and SQLite write their own: an id stored as\n"
                out +=
                    "    /// text compares as text, and a row must carry its parent's id the way the parent's is stored.\n"
                out += "    "
                out += access
                out += "func encode(to encoder: any Encoder) throws {\n"
                out += "        var container = encoder.container(keyedBy: CodingKeys.self)\n"
                for property in context.properties {
                    out += "        try container."
                    out += property.encodeMethod
                    out += "("
                    out += property.encodedValue
                    out += ", forKey: ."
                    out += property.name
                    out += ")\n"
                }
                out += "    }\n"
            }
        } else {
            out += "    "
            out += access
            out += "init() {}\n"
        }
        out += "}\n"
        return out.text
    }

    /// `enum.mustache` for `context`, before `TemplateSet.finish`.
    static func enumeration(_ context: SwiftEnumContext) -> String {
        var out = TextBuffer(capacity: 1_024)
        out += context.header
        out += "\n\n"
        for line in context.documentation {
            out += line
            out += "\n"
        }
        out += context.access
        out += "enum "
        out += context.typeName
        out += ": "
        out += context.conformances
        out += " {\n"
        for enumCase in context.cases {
            out += "    case "
            out += enumCase.name
            if let rawValue = enumCase.rawValue {
                out += " = \""
                out += rawValue
                out += "\""
            }
            out += "\n"
        }
        out += "}\n"
        return out.text
    }
}
