email-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
