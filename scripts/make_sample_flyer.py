"""Make the sample flyer PDF (corpus/pdfs/) from the words of the seed flyer (seed 001).

Usage: python scripts/make_sample_flyer.py [--out corpus/pdfs/ending-criminalization-stops-deportations.pdf]

The seed is a two-page, two-column flyer whose action items link to petitions, funds and op-eds. This
script lays out the seed's words, verbatim, in that shape (headings, two columns per page, link
annotations on the actions, a footer), so that PDF extraction meets what real flyers pose: columns,
line-wrapped paragraphs, links. fpdf2 is a development dependency (requirements-dev.txt), not a
runtime one; the PDF it writes is committed. The PDF has no creation date: nobody knows it.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PETITION = "https://actionnetwork.org/petitions/justiceroadmap-covid19-demands"
FUND = "https://www.gofundme.com/f/etowah-freedom-fund-covid19-mutual-aid-fund"
SMC = "https://twitter.com/search?q=%23stopcovidinsmcjails&src=typed_query&f=live"
TRANSFERS = "https://twitter.com/hashtag/StopICETransfers?src=hashtag_click"
OPED = "https://www.statesman.com/opinion/20200422/opinion-incarceration-amid-pandemic-can-be-matter-of-life-and-death"
DOC = "https://docs.google.com/document/d/1h5lYDSTmrGKLWFyp78qZeeLlXbAZj9aFFPvNhfX85Ak/edit"
PARTNERS = {
    "Immigrant Defense Project": "https://www.immigrantdefenseproject.org/",
    "Immigrant Legal Resource Center": "https://www.ilrc.org/",
    "Just Futures Law": "https://justfutureslaw.org/",
    "National Immigration Project of the National Lawyers Guild (NIPNLG)": "https://www.nationalimmigrationproject.org/",
}
RECORDING = "https://attendee.gotowebinar.com/recording/4078133014308502540"

INTRO = (
    "Many of our people who end up deported have had some interaction with law enforcement. "
    "Data and surveillance from local police, arrests, and convictions are a deportation dragnet, "
    "for documented and undocumented folks. Protecting immigrants means ending the way "
    "people are targeted and funneled toward deportation: through criminalization. Black people "
    "and brown people are impacted the most by criminalizing practices AND by deportations. "
    "It’s not a coincidence. We need a HOLISTIC approach."
)
TRANSFERS_TEXT = (
    "In many places, people who are released from prisons and jails are directly transferred to "
    "ICE detention centers. That’s why it is important to demand that local officials decarcerate "
    "jails and prisons, and also demand that they stop coordinating with ICE on how to move "
    "someone from cage to cage. People who do end up fully released also need resources, "
    "protective equipment, and a place to safely quarantine without fear of being rearrested or "
    "stigmatized because they just got out. Link up with groups providing mutual aid and rapid "
    "response to get folks the support they need."
)
SYSTEMS = (
    "The criminal and immigration systems have not been supporting anyone, including "
    "people who need deeper transformative and restorative justice. Now is the time to dig "
    "deeper, dream bigger, and fight for everyone’s common humanity regardless of what "
    "they've done in the past. The harms and violence of the immigration system, which "
    "deprives tens of thousands of liberty each day, are systematic and inherent. The roots "
    "are rotten. Dismantling this fundamentally unjust system doesn’t mean leaving it intact "
    "for some of us."
)


class Flyer(FPDF):
    COLUMN_W = 88.0
    LEFT_X = 15.0
    RIGHT_X = 113.0

    def setup(self) -> None:
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(15, 15, 15)

    def heading(self, text: str, size: float = 20) -> None:
        self.set_font("DejaVu", "B", size)
        self.set_xy(self.LEFT_X, self.get_y())
        self.multi_cell(186, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def column(self, x: float, y: float, blocks: list[tuple[str, str, str | None]]) -> None:
        """Write (style, text, link) blocks down a column starting at (x, y)."""
        self.set_xy(x, y)
        for style, text, link in blocks:
            size = 13 if style == "B" else 10
            self.set_font("DejaVu", style, size)
            if link:
                self.set_text_color(20, 60, 160)
            self.set_x(x)
            self.multi_cell(self.COLUMN_W, size * 0.5, text, link=link or "", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_text_color(0, 0, 0)
            self.ln(4)


def make_flyer(out: Path) -> None:
    pdf = Flyer(format="Letter", unit="mm")
    pdf.setup()
    pdf.set_title("Three principles for advocates and organizers & actions to support across the country")
    pdf.set_author("Immigrant Justice Network")
    pdf.set_creation_date(datetime(1970, 1, 1, tzinfo=UTC))  # the epoch: fpdf2 writes no date

    pdf.add_page()
    pdf.set_y(15)
    pdf.heading("How does ending criminalization\nhelp stop deportations?")
    top = pdf.get_y()
    pdf.column(Flyer.LEFT_X, top, [("", INTRO, None), ("", TRANSFERS_TEXT, None)])
    pdf.column(
        Flyer.RIGHT_X,
        top,
        [
            ("B", "Three principles for advocates and organizers & actions to support across the country", None),
            ("B", "Immigrants are carted from the sheriff or\nwarden, into Ice's hands", None),
            ("B", "The deportation system is a pipeline and policing is\nthe gateway", None),
        ],
    )

    pdf.add_page()
    pdf.set_y(15)
    top = pdf.get_y()
    pdf.column(
        Flyer.LEFT_X,
        top,
        [
            ("B", "Sign the petition", PETITION),
            (
                "",
                "Demand that Governor Cuomo Protect People from Coronavirus in Prisons, Jails, *and* "
                "detention Centers & stop increased punishment as a pandemic response",
                PETITION,
            ),
            ("B", "Donate to the Etowah Freedom Fund", FUND),
            (
                "",
                "support bail & bond & contribute to commissary so people can buy phone calls, hand "
                "sanitizer & supplies",
                FUND,
            ),
            ("", "Call on San Mateo Cty Sheriff bolanos to #StopCOVIDinSMCjails AND #stopICETransfers", SMC),
            ("", "#stopICETransfers", TRANSFERS),
        ],
    )
    pdf.column(
        Flyer.RIGHT_X,
        top,
        [
            ("", SYSTEMS, None),
            (
                "B",
                "Share this op-ed calling for a halt to the machinery of prosecution and incarceration in "
                "Texas -- for all, regardless of their record",
                OPED,
            ),
            ("B", "Free them All, and we mean All", DOC),
            (
                "",
                "Call Dodge and Mchenry County sheriffs tell them to end contracts with Ice and to push for "
                "people's release",
                DOC,
            ),
        ],
    )
    pdf.set_font("DejaVu", "", 9)
    pdf.set_xy(Flyer.LEFT_X, 215)
    pdf.multi_cell(
        186,
        4.5,
        "The Immigrant Justice Network is a partnership of the Immigrant Defense Project, "
        "the Immigrant Legal Resource Center, Just Futures Law, and the National Immigration Project "
        "of the National Lawyers Guild (NIPNLG)",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for name, url in PARTNERS.items():
        pdf.set_x(Flyer.LEFT_X)
        pdf.cell(0, 4.5, name, link=url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_x(Flyer.LEFT_X)
    pdf.multi_cell(
        186,
        4.5,
        "Interested in hearing more? Listen in on our conversation with members of IJN's "
        "advisory board about these three principles and more.",
        link=RECORDING,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("corpus/pdfs/ending-criminalization-stops-deportations.pdf"))
    make_flyer(parser.parse_args().out)


if __name__ == "__main__":
    main()
