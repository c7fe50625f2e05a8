import Mustache

// Template keys by name, without reflection. Mustache falls back to `Mirror` for a value that is not
// a `MustacheParent`, and a Mirror lookup walks the type's field metadata (demangling each field's
// type) on every `{{key}}`: that was three quarters of the time of rendering the models. The keys
// are exactly the stored properties, so templates see what they saw through reflection; an
// optional that is nil is nil here too, so the lookup still moves on to the enclosing object.
// `SwiftTemplateKeysTests` checks every property against Mirror, so a new one cannot be forgotten.

extension SwiftModelContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "header": header
        case "sourceFile": sourceFile
        case "imports": imports
        case "hasImports": hasImports
        case "access": access
        case "documentation": documentation
        case "typeName": typeName
        case "tableName": tableName
        case "conformances": conformances
        case "properties": properties
        case "hasProperties": hasProperties
        case "computedID": computedID
        case "encodesLowercaseUUIDs": encodesLowercaseUUIDs
        case "nestedEnums": nestedEnums
        default: nil
        }
    }
}

extension SwiftPropertyContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "columnName": columnName
        case "type": type
        case "documentation": documentation
        case "parameterDefault": parameterDefault
        case "codingKey": codingKey
        case "encodeMethod": encodeMethod
        case "encodedValue": encodedValue
        case "separator": separator
        case "isLast": isLast
        default: nil
        }
    }
}

extension SwiftComputedIDContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "type": type
        case "property": property
        default: nil
        }
    }
}

extension SwiftEnumContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "header": header
        case "sourceFile": sourceFile
        case "access": access
        case "documentation": documentation
        case "typeName": typeName
        case "enumName": enumName
        case "conformances": conformances
        case "cases": cases
        default: nil
        }
    }
}

extension SwiftEnumCaseContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        case "rawValue": rawValue
        default: nil
        }
    }
}

extension SwiftSupportContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "header": header
        case "access": access
        default: nil
        }
    }
}
