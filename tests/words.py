"""tests/words.py ORIGINAL.txt PDF.txt MIN: the share of the original's
words that the PDF's text gives back in order, the header's two columns
aside (their reading order is the PDF reader's choice: a run of words that
the in-order comparison misses and that stands whole elsewhere in the PDF
text counts as found). Prints the share; exit 1 when it is below MIN.
Run with Debian's /usr/bin/python3."""
import difflib
import re
import sys
import unicodedata


def words(path):
    s = unicodedata.normalize("NFC", open(path, encoding="utf-8").read())
    return re.findall(r"\w+", s)


def main():
    orig, got, least = words(sys.argv[1]), words(sys.argv[2]), float(sys.argv[3])
    sm = difflib.SequenceMatcher(None, orig, got, autojunk=False)
    found = sum(b.size for b in sm.get_matching_blocks())
    text = " " + " ".join(got) + " "
    missed = []
    for op, a1, a2, _, _ in sm.get_opcodes():
        if op in ("delete", "replace"):
            # pieces of the run that stand whole elsewhere: header lines
            # read in another order (two words at least, the longest first)
            run, i = orig[a1:a2], 0
            while i < len(run):
                k = len(run) - i
                while k >= 2 and " " + " ".join(run[i:i + k]) + " " not in text:
                    k -= 1
                if k >= 2:
                    found += k
                    i += k
                else:
                    missed.append(run[i])
                    i += 1
    share = found / len(orig) if orig else 0
    print(f"{share:.3f} ({found} of {len(orig)} words)" + (f"; missing: {' '.join(missed)[:300]}" if missed else ""))
    return 0 if share >= least else 1


if __name__ == "__main__":
    sys.exit(main())
