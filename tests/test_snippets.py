from indexer.snippets import index_form, make_snippet


def _marked(snippet):
    return [snippet.text[s:e] for s, e in snippet.spans]


def test_matches_are_stemmed_and_folded_like_the_index():
    text = "The Satellites were launched. Nothing else happened in Zürich today."
    terms = {index_form("satellite"), index_form("zurich")}
    snip = make_snippet(text, terms)
    assert _marked(snip) == ["Satellites", "Zürich"]


def test_match_near_the_end_of_a_long_article_is_found():
    filler = "Nothing to see in this sentence at all. " * 2000  # ~80K characters
    text = filler + "Finally the spaceport appeared."
    snip = make_snippet(text, {index_form("spaceport")}, fragments=1, width=120)
    assert _marked(snip) == ["spaceport"]
    assert snip.text.startswith("… ")


def test_fragments_cut_at_whole_words_and_prefer_sentence_starts():
    text = ("Alpha beta gamma delta. " * 30) + "Kim met Putin at the cosmodrome. " + (
        "Epsilon zeta eta theta. " * 30)
    snip = make_snippet(text, {"putin"}, fragments=1, width=80)
    body = snip.text.strip("… ")
    assert body.startswith("Kim met Putin")
    for word in body.split():
        assert word.strip(".") in {"Alpha", "beta", "gamma", "delta", "Kim", "met", "Putin", "at",
                                   "the", "cosmodrome", "Epsilon", "zeta", "eta", "theta"}


def test_up_to_n_fragments_in_text_order():
    text = ("Putin spoke. " + "Filler words go here and there. " * 20) * 5
    snip = make_snippet(text, {"putin"}, fragments=3, width=60)
    assert snip.text.count("Putin") == 3 == len(snip.spans)
    assert snip.spans == sorted(snip.spans)


def test_no_match_gives_the_opening():
    snip = make_snippet("First words of the article. More words.", {"absent"}, width=20)
    assert snip.text == "First words of the" and snip.spans == []
