/// Renders a YAML collection written as a default (`{}`, `[]`, `{ retries: 3 }`) as compact JSON.
enum JSONText {
    static func render(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let scalar):
            return scalarJSON(scalar)
        case .sequence(let items):
            return "[" + items.map(render).joined(separator: ",") + "]"
        case .mapping(let pairs):
            let members = pairs.map { quote($0.keyText ?? "") + ":" + render($0.value) }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// Plain scalars that look like JSON literals stay literals; everything else is a string.
    private static func scalarJSON(_ scalar: YAMLScalar) -> String {
        guard scalar.style == .plain else { return quote(scalar.text) }
        if scalar.isNull { return "null" }
        if scalar.text == "true" || scalar.text == "false" { return scalar.text }
        if isJSONNumber(scalar.text) { return scalar.text }
        return quote(scalar.text)
    }

    static func isJSONNumber(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" { chars = chars.dropFirst() }
        let integer = chars.prefix { $0.isASCII && $0.isNumber }
        guard !integer.isEmpty, integer == "0" || integer.first != "0" else { return false }
        chars = chars.dropFirst(integer.count)
        if chars.first == "." {
            chars = chars.dropFirst()
            let fraction = chars.prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            chars = chars.dropFirst(fraction.count)
        }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            let exponent = chars.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
