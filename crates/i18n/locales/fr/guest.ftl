language-name = Français
language-switcher = Langue
