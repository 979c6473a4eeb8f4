"""Pure helpers of the HTML backend: doc text and C types to HTML, with cross-references."""
