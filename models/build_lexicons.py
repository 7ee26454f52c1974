#!/usr/bin/env python3
"""Build the lexicons of MTA101/MTA102 from their sources (see models/LEXICONS.md).

    python models/build_lexicons.py --shared ../shared [--lm]

* ``models/tortured_phrases.tsv`` from the Problematic Paper Screener's tortured-phrase
  list (``data/tortured_phrases/pairs.tsv``, CC BY 4.0): cleaned (acronyms in brackets,
  "???" rows, lists and near-identities dropped), alternatives merged.  With ``--lm`` every
  entry is also scored with the language model in a neutral frame and entries whose
  tortured form reads as ordinary English are kept for LM-verified use only; the others
  are flagged ``high`` and reported even without the model.
* ``models/idioms.tsv`` from PIE (CC BY 4.0), MAGPIE idiom types (CC BY 4.0), Wiktionary
  proverbs, similes and aphorisms (CC BY-SA 4.0) and our own everyday idioms below.  EPIE
  has no licence and is not used.
* ``models/literal_patterns.tsv`` is written by hand; this script only checks it.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# Everyday idioms and fixed expressions of news English, written for mtaudit (own work,
# released with the project).  "someone"/"something" mark an object slot, "one's" a possessive.
OWN_IDIOMS = """
back someone into a corner | raise the spectre of | give the lie to | nip something in the bud
the last straw | the final straw | the straw that broke the camel's back | cost an arm and a leg
a piece of cake | break the ice | call a spade a spade | dead on arrival | race against the clock
race against time | a race against time | when the dust settles | at a turning point | a turning point
pour cold water on | the green light | give the green light | on thin ice | skate on thin ice
kick the bucket | bite the bullet | beat around the bush | let the cat out of the bag | spill the beans
the tip of the iceberg | a drop in the ocean | a drop in the bucket | add fuel to the fire
add insult to injury | at the eleventh hour | at the end of the day | back to square one
back to the drawing board | bark up the wrong tree | behind closed doors
between a rock and a hard place | bite off more than one can chew | blow the whistle on
bring something to a head | come to a head | burn the midnight oil | burn one's bridges | bury the hatchet
by the skin of one's teeth | call it a day | catch someone red-handed | change one's tune
come full circle | cross the line | cut corners | cut to the chase | draw the line | drop the ball
easier said than done | every cloud has a silver lining | fall on deaf ears | fall through the cracks
feel the pinch | fight tooth and nail | a fish out of water | get the ball rolling | get out of hand
give someone the cold shoulder | go down the drain | go the extra mile | hang in the balance
have the upper hand | get the upper hand | hit the nail on the head | hit the ground running | hit the roof
hold one's breath | in hot water | in the same boat | in the pipeline | in the long run
in the nick of time | jump on the bandwagon | jump the gun | keep an eye on | keep one's head above water
keep a low profile | lead someone up the garden path | leave no stone unturned | let sleeping dogs lie
lose ground | gain ground | make ends meet | miss the boat | move the goalposts
not see the wood for the trees | on the back burner | on the brink of | on the cards | on the fence
on the same page | once in a blue moon | open a can of worms | out of the blue | over the moon
pass the buck | pay lip service to | play with fire | pull out all the stops | pull the plug on
pull strings | put all one's eggs in one basket | put the cart before the horse | rock the boat
rule of thumb | run out of steam | see eye to eye | set the record straight | shoot oneself in the foot
sit on the fence | steal the show | step up to the plate | stick to one's guns | take a back seat
take the bull by the horns | take something with a pinch of salt | the ball is in someone's court
the elephant in the room | the writing is on the wall | throw in the towel | tip the balance
tip the scales | turn a blind eye to | turn the tables | turn over a new leaf | under the weather
under fire | come under fire | up in the air | walk a tightrope | water under the bridge
weather the storm | whet one's appetite | a blessing in disguise | a double-edged sword
a level playing field | a vicious circle | a wake-up call | a slap in the face | a storm in a teacup
a red herring | a shot in the arm | a shot in the dark | a bone of contention | a can of worms
a stumbling block | a bitter pill to swallow | a foregone conclusion | the point of no return
the lion's share | the bottom line | the icing on the cake | the final nail in the coffin
a nail in the coffin | the calm before the storm | the devil is in the details | the name of the game
the acid test | the talk of the town | the order of the day | a breath of fresh air | a house of cards
a game changer | a war of words | a thorn in the side of | a thorn in one's side | a hot potato
a stone's throw from | a long shot | a far cry from | a matter of time | a matter of life and death
at a crossroads | at loggerheads | at all costs | at the helm | at stake | behind the scenes
below the belt | beyond the pale | by and large | close ranks | come to terms with | cut both ways
dig in one's heels | draw a line under | fan the flames | fly in the face of | foot the bill
get off the ground | go hand in hand | go up in smoke | hold the line | in the dark
in the driving seat | in the driver's seat | in the limelight | in the wake of | keep something at bay
lay down the law | learn the ropes | lend a hand | let off steam | make headway | make waves
muddy the waters | on the ropes | on the verge of | paint a grim picture | pave the way for
play second fiddle | put one's foot down | raise the alarm | raise eyebrows | read between the lines
ring alarm bells | run the gauntlet | sound the alarm | stand one's ground | stem the tide
take its toll | take a toll on | take the lead | tighten one's belt | toe the line | touch a nerve
turn the corner | turn the page | under the radar | up in arms | wash one's hands of
with flying colours | with open arms | win hands down | kill two birds with one stone
don't count your chickens before they hatch | the early bird catches the worm | better late than never
no pain no gain | practice makes perfect | time is money | speak of the devil
the pot calling the kettle black | an eye for an eye | like a bull in a china shop
like a headless chicken | like water off a duck's back | as clear as day | as cool as a cucumber
as fit as a fiddle | hit the sack | hit the headlines | make the headlines | steal someone's thunder
blow one's own trumpet | break the bank | break new ground | break the mould | bring home the bacon
call the shots | carry the can | cast doubt on | cast a shadow over | clear the air | cost a fortune
cry wolf | strike a deal | do the trick | drag one's feet | drive a hard bargain | eat one's words
face the music | fill the gap | get cold feet | get the sack | give the game away | go against the grain
go out on a limb | go belly up | grasp the nettle | have one's hands full | have the last word
hold all the cards | jump through hoops | keep one's fingers crossed | keep a straight face
keep one's word | know the ropes | let the genie out of the bottle | lose one's temper
make a mountain out of a molehill | meet someone halfway | not mince one's words
put a brave face on | put one's money where one's mouth is | reinvent the wheel | ruffle feathers
save face | lose face | see the light | sell like hot cakes | set the stage for | shed light on
show one's true colours | smell a rat | spread like wildfire | stab someone in the back
stand the test of time | stick one's neck out | strike a chord | strike while the iron is hot
take a stand | take the plunge | throw caution to the wind | throw the baby out with the bathwater
tie the knot | twist someone's arm | under the table | wear one's heart on one's sleeve
run like clockwork | rise from the ashes | open the floodgates | the light at the end of the tunnel
leave a bad taste in one's mouth | a taste of one's own medicine | in the heat of the moment
on the tip of one's tongue | by word of mouth | back on track | off the record | off the hook
out of the woods | over the top | round the clock | around the clock | to the letter | up to speed
word for word | first and foremost | sooner or later | safe and sound | null and void
once and for all | by leaps and bounds | part and parcel | pros and cons | odds and ends
ups and downs | give and take | wear and tear | trial and error | hustle and bustle
the rank and file | touch and go | high and dry | loud and clear | few and far between
neck and neck | head over heels | hand in glove | heart and soul | tongue in cheek | make or break
sink or swim | the apple of one's eye | the black sheep | the cream of the crop
a wolf in sheep's clothing | cry over spilt milk | throw someone under the bus | put the brakes on
fall into place | fall from grace | fall short of | have a say in | have the last laugh
keep tabs on | keep one's cool | lose one's cool | make a killing | play it by ear | play hardball
pull one's weight | pull the rug from under | put something on hold | run a tight ship
send shockwaves through | set in stone | carved in stone | take a hit | test the waters
walk on eggshells | wipe the slate clean | a clean slate | zero in on | bear the brunt of
bring to light | come to light | throw light on | lose sight of | keep pace with | take stock of
make a splash | on the horizon | behind the curve | ahead of the curve | a slippery slope
a perfect storm | a sea change | a quantum leap | in full swing | in a nutshell | in the spotlight
in one fell swoop | in the blink of an eye | in broad daylight | in cold blood | in the same breath
in the eye of the storm | in the line of fire | in the firing line | on the mend | on the warpath
on the back foot | on the front foot | on the front line | on the sidelines | out of the loop
out of the question | out of touch | over the hill | under wraps | at arm's length | at first glance
at face value | at the heart of | at the forefront of | at the expense of | at the mercy of
at a snail's pace | at one's wits' end | by the book | by a whisker | at the last minute
a last-ditch effort | a knee-jerk reaction | a baptism of fire | a bolt from the blue | a close call
a narrow escape | a tall order | a rough ride | an uphill battle | an uphill struggle | a done deal
a sticking point | a flash in the pan | the lesser of two evils | the real deal | the gold standard
a window of opportunity | a pyrrhic victory | a rubber stamp | a smoking gun | the big picture
a silver lining | the home stretch | the moment of truth | the powers that be | the naked eye
give someone the benefit of the doubt | the best of both worlds | the worst of both worlds
the ins and outs | the nuts and bolts | bread and butter | the long and short of it
a bird in the hand is worth two in the bush | actions speak louder than words | the whole nine yards
a blank cheque | a cash cow | a dark horse | a hard nut to crack | a mixed blessing | a paper tiger
a sitting duck | a white elephant | an open secret | an axe to grind | a recipe for disaster
all hands on deck | barking up the wrong tree | bend over backwards | bite the dust | blow hot and cold
break even | bring to a halt | grind to a halt | come to a standstill | call into question
carry the day | change hands | come of age | cut off one's nose to spite one's face | dead in the water
a dead end | a dead heat | down to earth | fit the bill | follow suit | get wind of | go to great lengths
go to the polls | hang by a thread | hit rock bottom | hold water | in the balance | jump ship
keep the wolf from the door | lay the groundwork for | lick one's wounds | lose track of | make the grade
miss the mark | off the beaten track | on the ball | on the rocks | pay the price | pick up the pieces
play for time | play one's cards right | pour oil on troubled waters | put a lid on | put the squeeze on
rake over the coals | rest on one's laurels | ride roughshod over | ring a bell | rise to the occasion
run rings around | see red | set the bar high | raise the bar | show one's hand | sit tight
split hairs | stand on one's own two feet | stay the course | steer clear of | take the biscuit
throw down the gauntlet | tread water | turn a corner | turn up the heat | wave a white flag
wind down | with a heavy heart | worth one's salt | a stone's throw away | a hair's breadth
a fly in the ointment | a storm in a teapot | a leap of faith | a labour of love | a lame duck
bite the hand that feeds one | blow off steam | break the deadlock | break one's silence
bring someone to justice | change course | clip someone's wings | close the door on
come down to earth | cross swords with | cut the red tape | cut through red tape | do one's homework
draw a blank | draw the short straw | drive a wedge between | drop a bombshell | fall on one's sword
get to grips with | give ground | go round in circles | have a field day | have cold feet
hit a brick wall | hit a wall | keep the ball rolling | lay one's cards on the table | let the dust settle
make a comeback | move heaven and earth | nail one's colours to the mast | not hold one's breath
on a knife edge | on a shoestring | open old wounds | paper over the cracks | play into someone's hands
point the finger at | put one's cards on the table | put the record straight | put to the test
reap what one sows | rear its ugly head | run its course | sing from the same hymn sheet
step on someone's toes | strike gold | take a leaf out of someone's book | take centre stage
take the wind out of someone's sails | the cherry on the cake | the thin end of the wedge
throw a spanner in the works | throw good money after bad | tie someone's hands | turn the tide
up the ante | walk the talk | weigh in on | whistle in the dark | with bated breath
"""


def own_idioms():
    seen = dict.fromkeys(i.strip() for i in OWN_IDIOMS.replace("\n", "|").split("|") if i.strip())
    return list(seen)


# -- tortured phrases ---------------------------------------------------------------------

_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
_WORDS = re.compile(r"^[a-z0-9][a-z0-9 '\-]*[a-z0-9]$")
_DETS = {"a", "an", "the"}


def _clean_expected(text: str) -> list[str]:
    text = text.split(", see ", 1)[0]
    text = _BRACKETS.sub("", text).strip().lower()
    if "?" in text or not text:
        return []
    if "/" in text:
        # "benign cancer/tumor": alternatives for one word
        words = text.split(" ")
        k = next(i for i, w in enumerate(words) if "/" in w)
        return [" ".join(words[:k] + [alt] + words[k + 1 :]) for alt in words[k].split("/") if alt]
    if "," in text or ";" in text or not _WORDS.match(text):
        return []
    return [text]


def _content(words: str) -> tuple:
    return tuple(w for w in words.replace("-", " ").split() if w not in _DETS)


def read_pairs(pairs: Path) -> Iterator[tuple[str, list[str]]]:
    """(tortured phrase, its cleaned expected phrases) for each row of the PPS pairs file."""
    with open(pairs, encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for row in rows:
            if len(row) == 2:
                yield _BRACKETS.sub("", row[0]).strip().lower(), _clean_expected(row[1])


def tortured_entries(pairs: Path) -> list[tuple[str, list[str]]]:
    merged: dict[str, list[str]] = {}
    for tortured, expecteds in read_pairs(pairs):
        if not _WORDS.match(tortured) or len(tortured.split()) < 2 and "-" not in tortured:
            continue
        for expected in expecteds:
            if _content(expected) == _content(tortured) or expected == tortured:
                continue
            merged.setdefault(tortured, [])
            if expected not in merged[tortured]:
                merged[tortured].append(expected)
    return sorted(merged.items())


FRAME = "In this paper, the {} is discussed in detail."


def lm_flags(entries, batch: int = 512) -> dict[str, tuple[float, float]]:
    """For each tortured phrase: (margin of the expected phrase in a neutral frame, phrase SLOR)."""
    from mtaudit.lexicon.evidence import UNFITTED
    from mtaudit.lexicon.verify import Proposal, judge
    from mtaudit.scoring import load_scorer
    from mtaudit.scoring.slor import word_logprob

    scorer = load_scorer(notify=lambda m: print(m, file=sys.stderr))
    start = FRAME.index("{}")
    proposals = [Proposal(FRAME.format(t), start, start + len(t), [e[0]], t) for t, e in entries]
    out: dict[str, tuple[float, float]] = {}
    for lo in range(0, len(proposals), batch):
        chunk = proposals[lo : lo + batch]
        verdicts = judge(scorer, chunk, UNFITTED)  # every rewrite judged, for its margin
        scores = scorer.score([p.text for p in chunk])
        empty = scorer.score([FRAME.format("").replace("  ", " ")])[0]
        for p, v, s in zip(chunk, verdicts, scores):
            # phrase "naturalness": its log-prob in the frame beyond what its words' frequency explains
            unigram = sum(word_logprob(w) for w in p.payload.replace("-", " ").split())
            phrase_lp = s.logprob - empty.logprob
            n = max(1, len(s.token_spans) - len(empty.token_spans))
            out[p.payload] = (round(v.best.margin, 3), round((phrase_lp - unigram) / n, 3))
        print(f"scored {min(lo + batch, len(proposals))}/{len(proposals)}", file=sys.stderr)
    return out


# The "high" flag (reported without the model): in a neutral frame the expected phrase must
# read much better than the tortured one.  (The phrase's own SLOR is kept for inspection; it
# rewards rare words and did not separate ordinary phrases from spun ones.)
HIGH_MARGIN = 5.0


def precision_flag(margin: float) -> str:
    return "high" if margin >= HIGH_MARGIN else "lm"


def write_tortured(shared: Path, use_lm: bool) -> None:
    entries = tortured_entries(shared / "data" / "tortured_phrases" / "pairs.tsv")
    old = {}
    target = HERE / "tortured_phrases.tsv"
    if target.exists() and not use_lm:  # keep earlier LM flags when rebuilding without the model
        for line in target.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 5 and not line.startswith("#") and cols[0] != "tortured":
                old[cols[0]] = (cols[2], cols[3], cols[4])
    flags = lm_flags(entries) if use_lm else {}
    with open(target, "w", encoding="utf-8") as f:
        f.write(
            "# Tortured phrases -> expected phrases. Derived from the Problematic Paper Screener's list\n"
            "# (G. Cabanac, C. Labbe, A. Magazinov), data licence CC BY 4.0; see models/LEXICONS.md.\n"
            "# precision: high = reported without the language model; lm = only when the model confirms.\n"
            "# margin, slor: language-model evidence in a neutral frame (models/build_lexicons.py --lm).\n"
        )
        f.write("tortured\texpected\tprecision\tmargin\tslor\n")
        for tortured, expected in entries:
            if tortured in flags:
                margin, phrase_slor = flags[tortured]
                cols = (precision_flag(margin), f"{margin:.2f}", f"{phrase_slor:.2f}")
            elif tortured in old and old[tortured][1]:
                _, margin_text, slor_text = old[tortured]
                cols = (precision_flag(float(margin_text)), margin_text, slor_text)
            else:
                cols = ("lm", "", "")
            f.write("\t".join((tortured, "|".join(expected)) + cols) + "\n")
    print(f"wrote {target} ({len(entries)} entries)", file=sys.stderr)


# -- idioms -------------------------------------------------------------------------------

_IDIOM_OK = re.compile(r"^[a-z][a-z' \-]*[a-z]$")


def _idiom_ok(text: str, min_words: int = 2) -> bool:
    return bool(_IDIOM_OK.match(text)) and min_words <= len(text.split()) <= 12


def write_idioms(shared: Path) -> None:
    src = shared / "data" / "idioms"
    rows: dict[str, str] = {}

    def add(text: str, source: str, min_words: int = 2) -> None:
        text = " ".join(text.strip().lower().replace("’", "'").split())
        if _idiom_ok(text, min_words) and text not in rows:
            rows[text] = source

    for idiom in own_idioms():
        add(idiom, "own")
    for line in (src / "pie" / "pie_idiom_types.txt").read_text(encoding="utf-8").splitlines():
        add(line, "pie")
    for line in (src / "magpie" / "idiom_keywords.tsv").read_text(encoding="utf-8").splitlines():
        add(line.split("\t")[0], "magpie")
    with open(src / "wiktionary" / "wiktionary.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            add(row["idiom"].replace(",", ""), "wiktionary", min_words=3)
    target = HERE / "idioms.tsv"
    with open(target, "w", encoding="utf-8") as f:
        f.write(
            "# Canonical English idioms for MTA102. Licence: CC BY-SA 4.0 (it includes entries derived\n"
            "# from Wiktionary). Sources per row: own (mtaudit authors), pie (PIE corpus, Haagsma et al.,\n"
            "# CC BY 4.0), magpie (MAGPIE idiom types, Haagsma et al., CC BY 4.0), wiktionary (English\n"
            "# proverbs/similes/aphorisms, Wiktionary contributors, CC BY-SA 4.0). See models/LEXICONS.md.\n"
        )
        f.write("idiom\tsource\n")
        for text, source in rows.items():
            f.write(f"{text}\t{source}\n")
    print(f"wrote {target} ({len(rows)} idioms)", file=sys.stderr)


def check_patterns() -> None:
    from mtaudit.lexicon.patterns import load_patterns

    patterns = load_patterns(str(HERE / "literal_patterns.tsv"))
    print(f"checked {HERE / 'literal_patterns.tsv'} ({len(patterns)} patterns)", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared", help="the shared data folder")
    parser.add_argument("--lm", action="store_true", help="score tortured phrases with the language model")
    parser.add_argument("--only", choices=("tortured", "idioms", "patterns"), help="build one lexicon")
    args = parser.parse_args(argv)
    if args.only in (None, "tortured"):
        write_tortured(args.shared, args.lm)
    if args.only in (None, "idioms"):
        write_idioms(args.shared)
    if args.only in (None, "patterns"):
        check_patterns()
    return 0


if __name__ == "__main__":
    sys.exit(main())
