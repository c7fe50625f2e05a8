public enum ExampleModelsPlaceholder {}
