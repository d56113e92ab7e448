language-name = Español
language-switcher = Idioma
