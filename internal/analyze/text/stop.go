package text

import "strings"

// Stop words: the short, frequent function words of each language, which
// say nothing about what a story is about. The lists are deliberately short
// (articles, pronouns, auxiliaries, prepositions, conjunctions, a few
// adverbs); IDF weighting takes care of the rest. English weekday names are
// here too because English capitalises them and they would otherwise pass
// for names.
var stopLists = map[string]string{
	"en": `a about above after again against all also am an and any are as at be
		because been before being below between both but by can could did do does
		doing down during each few for from further had has have having he her here
		hers herself him himself his how i if in into is it its itself just me more
		most my myself no nor not now of off on once only or other our ours
		ourselves out over own same she should so some such than that the their
		theirs them themselves then there these they this those through to too
		under until up very was we were what when where which while who whom why
		will with would you your yours yourself yourselves said says say told
		according mr mrs ms one two new also would may might must shall us
		don't doesn't didn't can't won't isn't aren't wasn't weren't hasn't haven't
		monday tuesday wednesday thursday friday saturday sunday`,
	"es": `a al algo algunas algunos ante antes como con contra cual cuando de del
		desde donde durante e el ella ellas ellos en entre era eran es esa esas ese
		eso esos esta estaba estado estas este esto estos fue fueron ha había han
		hasta hay la las le les lo los más me mi mientras muy nada ni no nos nosotros
		o os otra otras otro otros para pero poco por porque que qué quien se sea
		según ser si sí sido sin sobre son su sus también tanto te tiene tienen todo
		todos tu tus un una unas uno unos y ya yo dijo dice además así cada`,
	"fr": `à a ai au aux avec avait avoir ce cela ces cet cette ceux dans de des du
		elle elles en entre est et été étaient était être eu eux il ils je la le les
		leur leurs lui ma mais me même mes moi mon ne ni nos notre nous on ont ou où
		par pas plus pour qu que qui sa sans se ses son sont sur ta te tes toi ton
		tous tout toute toutes tu un une vos votre vous y c d j l m n s t ça selon
		aussi déjà dont été fait ainsi après avant depuis lors très`,
	"pt": `a à ao aos as às até com como da das de dela dele deles depois do dos e é
		ela elas ele eles em entre era eram essa essas esse esses esta estas este
		estes eu foi foram há isso isto já lhe lhes mais mas me mesmo meu minha muito
		na nas nem no nos nós num numa o os ou para pela pelas pelo pelos por porque
		qual quando que quem se sem ser seu seus só sua suas também te tem têm ter
		um uma umas uns você vocês disse segundo ainda sobre após`,
	"de": `aber alle allem allen aller alles als also am an ander andere anderen auch
		auf aus bei bin bis bist da damit dann das dass dem den der des dich die dies
		diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen
		einer eines er es etwas für gegen hat hatte hatten hier hin hinter ich ihm
		ihn ihnen ihr ihre ihrem ihren ihrer im in ist ja jede jedem jeden jeder
		jedes jetzt kann kein keine man mein meine mich mir mit muss nach nicht nichts
		noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind
		so soll sollte über um und uns unser unter vom von vor war waren was weil
		wenn wer werden wie wieder will wir wird wurde wurden zu zum zur zwischen
		sagte laut bereits`,
	"it": `a ad al alla alle agli ai allo anche come con contro da dagli dai dal dalla
		dalle dallo de degli dei del della delle dello di dove e è ed era erano gli
		ha hanno i il in io la le lei lo loro lui ma mi mia mio ne negli nei nel nella
		nelle nello noi non nostro o per perché più quale quando quella quelle quelli
		quello questa queste questi questo se sei si sia siamo sono su sua sue sui
		sul sulla sulle suo suoi ti tra tu tutti tutto un una uno vi voi già stato
		stata dopo secondo ha detto`,
	"ar": `في من على إلى الى عن مع أن ان إن هذا هذه ذلك تلك التي الذي الذين هو هي هم
		كان كانت يكون قد لا ما لم لن أو او ثم كل بعد قبل بين حتى عند منذ وقال قال
		وفي ومن أي إذا كما لكن بل غير أيضا فقط حيث وهو وهي به بها له لها فيه فيها
		عليه عليها ذات وكان وأن التى`,
	"ru": `и в во не что он на я с со как а то все она так его но да ты к у же вы за
		бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну
		ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом
		себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам
		чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
		этого какой совсем ним здесь этом один почти мой тем чтобы нее были куда
		зачем всех никогда можно при об также это эти сказал заявил`,
}

var stopWords = func() map[string]map[string]bool {
	all := map[string]bool{}
	m := map[string]map[string]bool{}
	for lang, list := range stopLists {
		set := map[string]bool{}
		for _, w := range strings.Fields(list) {
			set[w] = true
			all[w] = true
		}
		m[lang] = set
	}
	// Text of unknown language drops the function words of every list:
	// losing a rare content word costs less than keeping "the" and "de".
	m[""] = all
	return m
}()
