"""Generated policy templates, pol-NN.<lang>.docx."""
