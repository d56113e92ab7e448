language-name = Deutsch
language-switcher = Sprache
