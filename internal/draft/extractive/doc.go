// Package extractive is the writer that needs no model. Given a
// correspondent, a story and the story's original articles, Write
// composes an analysis draft in which every sentence is a sentence of a
// source, quoted whole and word for word, wrapped only in an attribution
// frame (the outlet, and in the chronology the source's publication date)
// and cited to the article it comes from. Each article is one numbered
// source, however many of its sentences the draft quotes; the citation's
// passage is the article's quoted paragraphs, word for word.
//
// Sentences are chosen by salience: how central a sentence is to what the
// other outlets wrote (TF-IDF cosine), with small bonuses for figures,
// lead paragraphs and the correspondent's topics; near-repeats across
// outlets are skipped and outlets already quoted are discounted, so the
// draft spreads over its sources. The dek, and the first sentence of
// "What happened", are in the publication language whenever a source in
// it has a sentence to quote. Section titles and attribution frames
// are the only words of the writer's own, from a fixed vocabulary per
// publication language (English, Spanish, French, Portuguese). A quote
// in another language stays in it, labelled, until translation exists.
//
// The draft has the article shape every writer follows: a dek; public
// "What happened" and "The numbers", which ends in a table of the key
// figures (figures.go): one row a paragraph, each a figure, the day its
// source published it, the outlet and the clause that says what it
// counts, quoted and cited, drawn only from public or unused sentences;
// members-only "Why it matters" (sentences that say what is at stake: a
// record, a risk, a first), "Background" (a dated timeline, one entry
// per source in publication order, then context) and "What to watch"
// (sentences that look ahead, or name a day after their source's date).
// It carries at least eight dated facts (sentences with a date or a
// figure; the table's rows not counted) when its sources have them.
//
// The correspondent remembers: given their earlier published articles on
// the story or its places (Input.Earlier), the draft adds "What has
// changed since", which links each (its page, EarlierURL, its date, its
// headline, cited to it like a source) and quotes what the sources published after
// the newest of them, dated. A follow-up is headed by a newer source's
// title.
//
// Every sentence is checked with the citation verifier (package cite)
// before it is kept, so the writer's drafts carry no unsupported claim.
package extractive
