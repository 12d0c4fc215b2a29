"""The programme as members read it (`program`)."""
