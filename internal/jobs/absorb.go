package jobs

import (
	"context"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
)

// absorbLone lets the lone reports that the story st, just written with a
// new article, is now the story for join it (cluster.Stories.Absorbs), as
// the Clusterer does: a report told in other words than the first ones
// starts a story of its own, and no article asks for it again once the
// event's story has grown like it. Each lone story is merged into st
// (store.MergeStory; one with a draft is left alone). It returns st
// recounted and routed again, written, and the ids of the stories merged
// away, for the caller to drop from memory.
//
// The memory is given st first, as Absorbs reads the story from it; if
// the transaction then fails, the memory is dropped and reloaded anyway.
func (p *Pipeline) absorbLone(ctx context.Context, tx *store.Tx, st beatdesk.Story) (beatdesk.Story, []int64, error) {
	set := p.open.set
	set.Put(clusterStory(st))
	grown := clusterStory(st)
	var gone []int64
	for {
		lone, ok := set.Absorbs(st.ID)
		if !ok {
			break
		}
		_, drafted, err := tx.DraftForStory(ctx, lone.ID)
		if err != nil {
			return st, nil, err
		}
		if drafted {
			break // kept apart; Absorbs would offer it again
		}
		if err := tx.MergeStory(ctx, lone.ID, st.ID); err != nil {
			return st, nil, err
		}
		lang := ""
		if len(lone.Langs) > 0 {
			lang = lone.Langs[0]
		}
		grown = cluster.Grow(grown, cluster.Doc{Lang: lang, Published: lone.LastSeen}, lone.Terms)
		set.Remove(lone.ID)
		set.Put(grown)
		gone = append(gone, lone.ID)
	}
	if len(gone) == 0 {
		return st, nil, nil
	}
	arts, err := tx.StoryArticles(ctx, st.ID)
	if err != nil {
		return st, nil, err
	}
	out, tally := p.recount(st, arts, grown)
	if _, err := p.keepEditorsCorrespondent(ctx, tx, &out); err != nil {
		return st, nil, err
	}
	if err := tx.UpdateStory(ctx, out, tally, st.Articles); err != nil {
		return st, nil, err
	}
	return out, gone, nil
}
