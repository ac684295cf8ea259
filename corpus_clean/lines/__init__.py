"""The fitted line judgement: features of each line in its page (:mod:`.features`) and a small model
trained on labelled lines from many sites (:mod:`.model`), with its parameters in
``corpus_clean/resources/line_model.json``."""
