"""The inventory: models, loaders, validation and the graph (first stage; imports no other stage)."""
