import SchemagenCore
print("schemagen")
