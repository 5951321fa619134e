package jobs

import (
	"context"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
)

// A split is splitApart's outcome: the story that kept its id and the new
// one, both written, each with its articles.
type split struct {
	keep, apart beatdesk.Story
	moved       map[int64]bool // the articles now in apart
}

// splitApart looks again at a story st, just written with a new article,
// each time it has doubled since it was last looked at, and splits it
// when its articles fall into two parts apart (cluster.Split), as the
// Clusterer does: one wrong early join of two events of one kind, which
// then each drew in their reports. The part with the story's first
// article keeps its id, its developments and its correspondent's
// reassignment; the other part becomes a new story. A story with a draft
// (on the desk or published) is not split: an editor sees what was
// written from it. Both stories are recounted from their articles and
// routed again; the caller updates the memory once the transaction is
// sure.
func (p *Pipeline) splitApart(ctx context.Context, tx *store.Tx, ix *cluster.Index, st beatdesk.Story) (split, bool, error) {
	if st.Articles < cluster.SplitFrom || st.Articles < 2*p.open.checked[st.ID] {
		return split{}, false, nil
	}
	p.open.checked[st.ID] = st.Articles
	if _, drafted, err := tx.DraftForStory(ctx, st.ID); err != nil || drafted {
		return split{}, false, err
	}
	arts, err := tx.StoryArticles(ctx, st.ID) // first published first
	if err != nil {
		return split{}, false, err
	}
	ms := make([]cluster.Member, len(arts))
	for i, a := range arts {
		doc := docOf(a)
		t, err := tx.ArticleTranslation(ctx, a.ID)
		if err != nil {
			return split{}, false, err
		}
		ms[i] = cluster.Member{V: translatedVector(ix, ix.Vector(doc), doc, t), At: doc.Published, Lang: a.Lang}
	}
	second, ok := cluster.Split(clusterStory(st), ms)
	if !ok {
		return split{}, false, nil
	}
	var keepMs, apartMs []cluster.Member
	var keepArts, apartArts []beatdesk.Article
	out := split{moved: map[int64]bool{}}
	for i, a := range arts {
		if second[i] {
			apartMs, apartArts = append(apartMs, ms[i]), append(apartArts, a)
			out.moved[a.ID] = true
		} else {
			keepMs, keepArts = append(keepMs, ms[i]), append(keepArts, a)
		}
	}

	apart, apartTally := p.recount(beatdesk.Story{}, apartArts, cluster.Regrow(0, apartMs))
	if apart.ID, err = tx.AddStory(ctx, apart, apartTally); err != nil {
		return split{}, false, err
	}
	ids := make([]int64, len(apartArts))
	for i, a := range apartArts {
		ids[i] = a.ID
	}
	if err := tx.MoveArticles(ctx, st.ID, apart.ID, ids); err != nil {
		return split{}, false, err
	}
	keep, keepTally := p.recount(st, keepArts, cluster.Regrow(st.ID, keepMs))
	if _, err := p.keepEditorsCorrespondent(ctx, tx, &keep); err != nil {
		return split{}, false, err
	}
	if err := tx.UpdateStory(ctx, keep, keepTally, st.Articles); err != nil {
		return split{}, false, err
	}
	p.open.checked[keep.ID], p.open.checked[apart.ID] = keep.Articles, apart.Articles
	out.keep, out.apart = keep, apart
	return out, true, nil
}

// recount returns st counted afresh from its articles arts, with the
// centroid and span of grown (cluster.Regrow of the same articles), and
// routed again.
func (p *Pipeline) recount(st beatdesk.Story, arts []beatdesk.Article, grown cluster.Story) (beatdesk.Story, store.StoryTally) {
	st, t := p.tallyAll(st, arts)
	st.Terms, st.FirstSeen, st.LastSeen = grown.Terms, grown.FirstSeen, grown.LastSeen
	p.route(&st, &t)
	return st, t
}
