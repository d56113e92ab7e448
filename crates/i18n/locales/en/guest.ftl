language-name = English
language-switcher = Language
