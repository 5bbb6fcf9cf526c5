"""The project's bibliography: the one place a publication is described.

Everything else cites by key: the criteria and advice tables in `calc`, the footnotes on
the guideline pages (filled in at build time) and the generated References page. An
identifier is stored only once it has been confirmed against PubMed or the publisher;
an unconfirmed one is left as ``None`` rather than guessed.
"""

from __future__ import annotations


class Reference:
    """One publication (or the drug label), as cited on the site and in results."""

    __slots__ = (
        "authors",
        "doi",
        "journal",
        "key",
        "pages",
        "pmid",
        "title",
        "url",
        "volume",
        "year",
    )

    def __init__(
        self,
        key: str,
        *,
        authors: str,
        title: str,
        journal: str,
        year: int,
        volume: str | None = None,
        pages: str | None = None,
        doi: str | None = None,
        pmid: str | None = None,
        url: str | None = None,
    ) -> None:
        self.key = key
        self.authors = authors
        self.title = title
        self.journal = journal
        self.year = year
        self.volume = volume
        self.pages = pages
        self.doi = doi
        self.pmid = pmid
        self.url = url

    @property
    def first_author(self) -> str:
        return self.authors.split(",")[0].strip()

    @property
    def short(self) -> str:
        """Short citation, e.g. ``Sadot E, et al. Ann Surg 2016``."""
        if not self.authors:  # author(s) not confirmed: journal and year only
            return f"{self.journal} {self.year}"
        if self.url and not (self.doi or self.pmid):  # a label: its name says more than its maker
            return f"{self.title.split(':')[0]}. {self.journal} {self.year}"
        several = "," in self.authors
        who = f"{self.first_author}, et al." if several else self.authors
        return f"{who} {self.journal} {self.year}"

    @property
    def citation(self) -> str:
        """Full citation in Vancouver style, without links."""
        where = f"{self.journal} {self.year}"
        if self.volume:
            where += f";{self.volume}"
        if self.pages:
            where += f":{self.pages}"
        lead = f"{self.authors}. " if self.authors else ""  # title-first if no author
        title = self.title if self.title.endswith(("?", "!", ".")) else f"{self.title}."
        return f"{lead}{title} {where}."

    @property
    def links(self) -> list[tuple[str, str]]:
        """(label, address) pairs: DOI, PubMed, or the label's own page."""
        out: list[tuple[str, str]] = []
        if self.doi:
            out.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.pmid:
            out.append((f"PMID {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if self.url:
            out.append(("DailyMed", self.url))
        return out


# Keys follow ../shared/spec/references.md. An identifier (DOI, PMID) is stored only once it
# has been seen in a PubMed/PMC record, the publisher's page or a citing record; anything
# unconfirmed stays None. The comment above each entry says how it was confirmed. An entry
# whose author(s) could not be confirmed has authors="" and is cited title-first.
_REFERENCES: tuple[Reference, ...] = (
    # PMID 28196771 confirmed: PubMed abstract (copy of the record) matches; DOI, volume and
    # pages not confirmed, so left out.
    Reference(
        "golse2017",
        authors="Golse N, Adam R",
        title="Liver metastases from breast cancer: what role for surgery? Indications and results",
        journal="Clin Breast Cancer",
        year=2017,
        pmid="28196771",
    ),
    # PMID 18333254, DOI, volume/issue/pages confirmed: PubMed record (title, HPB (Oxford)
    # 2006;8(2):97-9, doi). Author not shown in any record seen: cited title-first.
    Reference(
        "hpb2006",
        authors="",
        title="Surgery for liver metastases from breast cancer",
        journal="HPB (Oxford)",
        year=2006,
        volume="8(2)",
        pages="97-99",
        doi="10.1080/13651820500471871",
        pmid="18333254",
    ),
    # Citation as in citing reference lists (references.md); no PubMed record, DOI or PMID
    # found, so no identifier. Authors limited to the three confirmed ones.
    Reference(
        "adam2006",
        authors="Adam R, Aloia T, Krissat J, et al",
        title=(
            "Is liver resection justified for patients with hepatic metastases from breast cancer?"
        ),
        journal="Ann Surg",
        year=2006,
        volume="244(6)",
        pages="897-907",
    ),
    # DOI confirmed: references.md record, re-seen with J Clin Oncol 24:2065 in a citing
    # reference list (OUCI). PMID not found.
    Reference(
        "vauthey2006",
        authors="Vauthey JN, Pawlik TM, Ribero D, Wu TT, Zorzi D, Hoff PM, et al",
        title=(
            "Chemotherapy regimen predicts steatohepatitis and an increase in 90-day mortality "
            "after surgery for hepatic colorectal metastases"
        ),
        journal="J Clin Oncol",
        year=2006,
        volume="24",
        pages="2065-2072",
        doi="10.1200/JCO.2005.05.3074",
    ),
    # PMID 30825223 and DOI confirmed: PMC6422720 header (J Surg Oncol 2019;119(5):594-603);
    # exact title taken from it ("... PVE and Two-Stage Hepatectomy").
    Reference(
        "kawaguchi2019",
        authors="Kawaguchi Y, Lillemoe HA, Vauthey JN",
        title="Dealing with an insufficient future liver remnant: PVE and two-stage hepatectomy",
        journal="J Surg Oncol",
        year=2019,
        volume="119(5)",
        pages="594-603",
        doi="10.1002/jso.25430",
        pmid="30825223",
    ),
    # Citation as in references.md; no DOI or PMID confirmed, so no identifier.
    Reference(
        "yigitler2003",
        authors="Yigitler C, Farges O, Kianmanesh R, Regimbeau JM, Abdalla EK, Belghiti J",
        title="The small remnant liver after major liver resection: how common and how relevant?",
        journal="Liver Transpl",
        year=2003,
        volume="9",
        pages="S18-S25",
    ),
    # Paper confirmed on PMC (PMC3628698: 86 resections, OS 57 mo, HR 3.8); its PMID and DOI
    # were not visible in any record seen, so no identifier (the PMC id has no field here).
    Reference(
        "abbott2012",
        authors="Abbott DE, et al",
        title=(
            "Resection of liver metastases from breast cancer: estrogen receptor status and "
            "response to chemotherapy before metastasectomy define outcome"
        ),
        journal="Surgery",
        year=2012,
        volume="151(5)",
        pages="710-716",
    ),
    # DOI + PMID 20143267 confirmed (references.md); PubMed abstract copy for 20143267 matches
    # (41 patients, median OS 58 mo, 5-y OS 48 %).
    Reference(
        "hoffmann2010",
        authors="Hoffmann K, et al",
        title=(
            "Liver resection for multimodal treatment of breast cancer metastases: "
            "identification of prognostic factors"
        ),
        journal="Ann Surg Oncol",
        year=2010,
        doi="10.1245/s10434-010-0931-5",
        pmid="20143267",
    ),
    # DOI confirmed: publisher page (Cancers 2019, 11(9), 1341); PMID 31514362 per
    # references.md (PMC6770644 carries the same abstract).
    Reference(
        "bale2019",
        authors="Bale R, Putzer D, Schullian P",
        title="Local treatment of breast cancer liver metastasis",
        journal="Cancers (Basel)",
        year=2019,
        volume="11(9)",
        pages="1341",
        doi="10.3390/cancers11091341",
        pmid="31514362",
    ),
    # Set id confirmed: DailyMed listing 82b77d74-085f-45ac-a7dd-1f5c038bf406 is "FEMARA-
    # letrozole tablet, film coated", Novartis Pharmaceuticals Corporation; label title
    # "FEMARA (letrozole) tablets, for oral use". Year = year the label was consulted.
    Reference(
        "femara_label",
        authors="Novartis Pharmaceuticals Corporation",
        title="Femara (letrozole) tablets, for oral use: US prescribing information",
        journal="DailyMed",
        year=2025,
        url=(
            "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?"
            "setid=82b77d74-085f-45ac-a7dd-1f5c038bf406"
        ),
    ),
    # DOI confirmed: publisher page (J Clin Med 14(13):4568) and the university record
    # (AVESIS record of the first three authors and the DOI). PMID not found.
    Reference(
        "fidan2025",
        authors="Fidan MC, Öztürk AE, Aydın O, et al",  # noqa: RUF001 (Turkish dotless i)
        title=(
            "First-line chemotherapy versus CDK4/6 inhibitors in HR-positive, HER2-negative "
            "breast cancer with liver metastases: a multicenter real-world data"
        ),
        journal="J Clin Med",
        year=2025,
        volume="14(13)",
        pages="4568",
        doi="10.3390/jcm14134568",
    ),
    # DOI + PMID 38771995 verified in references.md (not re-checked).
    Reference(
        "lu2024",
        authors="Lu YS, et al",
        title=(
            "Final results of RIGHT Choice: ribociclib plus endocrine therapy versus combination "
            "chemotherapy in premenopausal women with clinically aggressive hormone "
            "receptor-positive/human epidermal growth factor receptor 2-negative advanced "
            "breast cancer"
        ),
        journal="J Clin Oncol",
        year=2024,
        volume="42(23)",
        pages="2812-2821",
        doi="10.1200/JCO.24.00144",
        pmid="38771995",
    ),
    # Citation and authors confirmed: University of Twente research record and the article
    # PDF (Eur J Cancer 95 (2018) 1-10). DOI and PMID not seen, so left out.
    Reference(
        "ruiz2018ejc",
        authors="Ruiz A, van Hillegersberg R, Siesling S, Castro-Benitez C, Sebagh M, "
        "Wicherts DA, et al",
        title=(
            "Surgical resection versus systemic therapy for breast cancer liver metastases: "
            "results of a European case matched comparison"
        ),
        journal="Eur J Cancer",
        year=2018,
        volume="95",
        pages="1-10",
    ),
    # PMID 29464535 and DOI confirmed: PMC5993851 header (170(1):89-100).
    Reference(
        "ruiz2018bcrt",
        authors="Ruiz A, Sebagh M, Wicherts DA, et al",
        title=(
            "Long-term survival and cure model following liver resection for breast cancer "
            "metastases"
        ),
        journal="Breast Cancer Res Treat",
        year=2018,
        volume="170(1)",
        pages="89-100",
        doi="10.1007/s10549-018-4714-1",
        pmid="29464535",
    ),
    # DOI + PMID 24126165 verified in references.md (not re-checked).
    Reference(
        "mariani2013",
        authors="Mariani P, et al",
        title=(
            "Liver metastases from breast cancer: surgical resection or not? A case-matched "
            "control study in highly selected patients"
        ),
        journal="Eur J Surg Oncol",
        year=2013,
        volume="39(12)",
        pages="1377-1383",
        doi="10.1016/j.ejso.2013.09.021",
        pmid="24126165",
    ),
    # Journal confirmed: Medline abstract (UpToDate reprint) "Ann Surg. 2016 Jul;264(1):147-54";
    # authors also on the MSKCC publication record. DOI and PMID not seen: no identifier.
    Reference(
        "sadot2016",
        authors="Sadot E, Lee SY, Sofocleous CT, Solomon SB, Gönen M, Kingham TP, Allen PJ, "
        "DeMatteo RP, Jarnagin WR, Hudis CA, D'Angelica MI",
        title=(
            "Hepatic resection or ablation for isolated breast cancer liver metastasis: a "
            "case-control study with comparison to medically treated patients"
        ),
        journal="Ann Surg",
        year=2016,
        volume="264(1)",
        pages="147-154",
    ),
    # Meeting abstract: authors, title and abstract number confirmed (ASCO 2022 abstract
    # record, abstract 1007; ASCO 2022 highlights review). No full paper, DOI or PMID found.
    Reference(
        "nrgbr002",
        authors="Chmura SJ, Winter KA, Woodward WA, et al",
        title=(
            "NRG-BR002: a phase IIR/III trial of standard of care systemic therapy with or "
            "without stereotactic body radiotherapy (SBRT) and/or surgical resection (SR) for "
            "newly oligometastatic breast cancer (NCT02364557)"
        ),
        journal="ASCO Annual Meeting (abstract 1007)",
        year=2022,
    ),
    # PMID 32253074, DOI, volume/issue/pages confirmed: PubMed record (Eur J Surg Oncol 2020
    # Sep;46(9):1588-1595). Authors not shown in any record seen: cited title-first.
    Reference(
        "ejso2020",
        authors="",
        title="Hepatic resection for breast cancer liver metastases: impact of intrinsic subtypes",
        journal="Eur J Surg Oncol",
        year=2020,
        volume="46(9)",
        pages="1588-1595",
        doi="10.1016/j.ejso.2020.03.214",
        pmid="32253074",
    ),
    # PMID 28193572 confirmed: PubMed abstract (43 articles, 1686 patients, median OS 36 mo).
    # DOI not seen in a record, so left out.
    Reference(
        "yoo2017",
        authors="Yoo TG, et al",
        title=(
            "Systematic review of early and long-term outcome of liver resection for metastatic "
            "breast cancer: is there a survival benefit?"
        ),
        journal="Breast",
        year=2017,
        volume="32",
        pages="162-172",
        pmid="28193572",
    ),
    # Authors and title confirmed: publisher page (tcr.amegroups, "Review Article on
    # Loco-regional Therapy for Metastatic Breast Cancer"); year from that series' editorial
    # (Transl Cancer Res 2020 Aug;9(8), PMC8798899). Volume, pages, DOI, PMID not seen.
    Reference(
        "terata2020",
        authors="Terata K, Imai K, Wakita A, Sato Y, Motoyama S, Minamiya Y",
        title="Surgical therapy for breast cancer liver metastases",
        journal="Transl Cancer Res",
        year=2020,
    ),
    # DOI + PMID 26259753 verified in references.md (not re-checked).
    Reference(
        "ruiz2015",
        authors="Ruiz A, et al",
        title="Repeat hepatectomy for breast cancer liver metastases",
        journal="Ann Surg Oncol",
        year=2015,
        volume="22 Suppl 3",
        pages="S1057-S1066",
        doi="10.1245/s10434-015-4785-8",
        pmid="26259753",
    ),
    # DOI + PMID 34760920 per references.md; exact title and authors confirmed on the
    # publisher page (Front Surg, 25 Oct 2021, article 751906).
    Reference(
        "sun2021",
        authors="Sun MS, Liu HJ, Yun YY, Yu ZH, Yang F, Liu YH, Xu L",
        title=(
            "Survival benefit of surgical treatment added into systemic treatment for isolated "
            "breast cancer liver metastases: a systematic review and meta-analysis"
        ),
        journal="Front Surg",
        year=2021,
        volume="8",
        pages="751906",
        doi="10.3389/fsurg.2021.751906",
        pmid="34760920",
    ),
    # PMID 16921046 confirmed in references.md (not re-checked); DOI not confirmed.
    Reference(
        "benoist2006",
        authors="Benoist S, et al",
        title=(
            "Complete response of colorectal liver metastases after chemotherapy: does it mean "
            "cure?"
        ),
        journal="J Clin Oncol",
        year=2006,
        volume="24(24)",
        pages="3939-3945",
        pmid="16921046",
    ),
    # DOI confirmed: CORD-19 record (Ann Oncol, authors Cardoso F, Paluch-Shimon S, Senkus E,
    # ...). PMID and pages not confirmed.
    Reference(
        "abc5",
        authors="Cardoso F, Paluch-Shimon S, Senkus E, et al",
        title=(
            "5th ESO-ESMO international consensus guidelines for advanced breast cancer (ABC 5)"
        ),
        journal="Ann Oncol",
        year=2020,
        volume="31(12)",
        doi="10.1016/j.annonc.2020.09.010",
    ),
    # PMID 34678411 and DOI confirmed: PubMed record copy and the journal pre-proof (title
    # "ESMO Clinical Practice Guideline for the diagnosis, staging and treatment of patients
    # with metastatic breast cancer"; Gennari A, André F, Barrios CH, ...).
    Reference(
        "gennari2021",
        authors="Gennari A, André F, Barrios CH, et al",
        title=(
            "ESMO Clinical Practice Guideline for the diagnosis, staging and treatment of "
            "patients with metastatic breast cancer"
        ),
        journal="Ann Oncol",
        year=2021,
        volume="32(12)",
        pages="1475-1495",
        doi="10.1016/j.annonc.2021.09.019",
        pmid="34678411",
    ),
    # DOI + PMID 34324367 verified in references.md (not re-checked).
    Reference(
        "burstein2021",
        authors="Burstein HJ, Somerfield MR, Barton DL, et al",
        title=(
            "Endocrine treatment and targeted therapy for hormone receptor-positive, human "
            "epidermal growth factor receptor 2-negative metastatic breast cancer: ASCO "
            "guideline update"
        ),
        journal="J Clin Oncol",
        year=2021,
        volume="39(35)",
        pages="3959-3977",
        doi="10.1200/JCO.21.01392",
        pmid="34324367",
    ),
    # DOI as quoted in references.md (not re-checked); PMID not confirmed.
    Reference(
        "paloma2",
        authors="Finn RS, Martin M, Rugo HS, et al",
        title="Palbociclib and letrozole in advanced breast cancer",
        journal="N Engl J Med",
        year=2016,
        volume="375",
        pages="1925-1936",
        doi="10.1056/NEJMoa1607303",
    ),
    # PMID 35263519 confirmed: Medline record (N Engl J Med 2022;386(10):942-950); authors on
    # institutional records. DOI not seen.
    Reference(
        "monaleesa2",
        authors="Hortobagyi GN, Stemmer SM, Burris HA, et al",
        title="Overall survival with ribociclib plus letrozole in advanced breast cancer",
        journal="N Engl J Med",
        year=2022,
        volume="386(10)",
        pages="942-950",
        pmid="35263519",
    ),
    # DOI + PMID 38729566 verified in references.md (not re-checked).
    Reference(
        "monarch3",
        authors="Goetz MP, Toi M, Huober J, et al",
        title=(
            "Abemaciclib plus a nonsteroidal aromatase inhibitor as initial therapy for HR+, "
            "HER2- advanced breast cancer: final overall survival results of MONARCH 3"
        ),
        journal="Ann Oncol",
        year=2024,
        volume="35(8)",
        pages="718-727",
        doi="10.1016/j.annonc.2024.04.013",
        pmid="38729566",
    ),
    # DOI + PMID 38896983 confirmed: EndNote export of the PubMed record (%M 38896983,
    # %R 10.1016/j.breast.2024.103756; Breast 2024;76; authors Cardoso F, Paluch-Shimon S,
    # Schumacher-Wulf E, ...). Article number 103756.
    Reference(
        "abc67",
        authors="Cardoso F, Paluch-Shimon S, Schumacher-Wulf E, et al",
        title=(
            "6th and 7th International consensus guidelines for the management of advanced "
            "breast cancer (ABC guidelines 6 and 7)"
        ),
        journal="Breast",
        year=2024,
        volume="76",
        pages="103756",
        doi="10.1016/j.breast.2024.103756",
        pmid="38896983",
    ),
    # DOI confirmed: OUCI record (JNCI 2018, No 6, p. 568-580; authors Schrijver WAME,
    # Suijkerbuijk KPM, van Gils CH, van der Wall E, Moelans CB, van Diest PJ). PMID 29315431
    # per references.md, and seen as the record number of a PubMed abstract copy.
    Reference(
        "schrijver2018",
        authors="Schrijver WAME, Suijkerbuijk KPM, van Gils CH, van der Wall E, Moelans CB, "
        "van Diest PJ",
        title=(
            "Receptor conversion in distant breast cancer metastases: a systematic review and "
            "meta-analysis"
        ),
        journal="J Natl Cancer Inst",
        year=2018,
        volume="110(6)",
        pages="568-580",
        doi="10.1093/jnci/djx273",
        pmid="29315431",
    ),
    # Citation and authors confirmed: metajournal record and the Seoul National University
    # repository record of the abstract (N Engl J Med 2019;381(4):307-316). DOI and PMID
    # not seen, so left out.
    Reference(
        "monaleesa7",
        authors="Im SA, Lu YS, Bardia A, et al",
        title="Overall survival with ribociclib plus endocrine therapy in breast cancer",
        journal="N Engl J Med",
        year=2019,
        volume="381(4)",
        pages="307-316",
    ),
    # Title, journal, volume and pages seen in secondary records (N Engl J Med 2022;387:9-20);
    # no record showed the authors, DOI or PMID: cited title-first, without identifiers.
    Reference(
        "destiny_b04",
        authors="",
        title="Trastuzumab deruxtecan in previously treated HER2-low advanced breast cancer",
        journal="N Engl J Med",
        year=2022,
        volume="387",
        pages="9-20",
    ),
    # Title, journal and abstract seen in a national bibliographic record (MTMT) and a
    # literature index (N Engl J Med, 2024); authors, DOI and PMID not confirmed in a record:
    # cited title-first, without identifiers.
    Reference(
        "destiny_b06",
        authors="",
        title="Trastuzumab deruxtecan after endocrine therapy in metastatic breast cancer",
        journal="N Engl J Med",
        year=2024,
    ),
    # DOI confirmed: a copy of the publisher's PDF (J Clin Oncol 41:3867-3872, 2023; Wolff AC,
    # Somerfield MR, Dowsett M, Hammond MEH, Hayes DF, McShane LM, Saphner TJ, Spears PA,
    # Allison KH). PMID not seen.
    Reference(
        "wolff2023",
        authors="Wolff AC, Somerfield MR, Dowsett M, et al",
        title=(
            "Human epidermal growth factor receptor 2 testing in breast cancer: ASCO-College "
            "of American Pathologists guideline update"
        ),
        journal="J Clin Oncol",
        year=2023,
        volume="41",
        pages="3867-3872",
        doi="10.1200/JCO.22.02864",
    ),
)

BIBLIOGRAPHY: dict[str, Reference] = {ref.key: ref for ref in _REFERENCES}


def short_citations(keys: list[str]) -> dict[str, str]:
    """Map each cited key to its short citation, in first-cited order."""
    return {key: BIBLIOGRAPHY[key].short for key in dict.fromkeys(keys)}
