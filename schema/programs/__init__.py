"""Programme templates in the API: exportProgram, importProgram."""
