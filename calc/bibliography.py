"""The project's bibliography: the one place a publication is described.

Everything else cites by key: the criteria and advice tables in `calc`, the footnotes on
the guideline pages (filled in at build time) and the generated References page. An
identifier is stored only once it has been seen in a record (PubMed or a copy of a PubMed
record, PubMed Central, the publisher, or a bibliographic record such as Crossref); an
unconfirmed one is left as ``None`` rather than guessed.
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
    # PMID 28196771 confirmed: PubMed abstract (copy of the record) matches; DOI, volume,
    # pages and the authors were not shown in any record seen, so left out (title-first).
    Reference(
        "golse2017",
        authors="",
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
    # Title, journal and year seen only in citing reference lists; no record of the paper
    # itself (abstract, PubMed, publisher) has been seen, so no author, volume, pages or
    # identifier is printed (title-first). Its content has not been read: the guideline
    # pages do not cite it; the case check cites it where the rules specification ties it
    # to a criterion (performance status, referral for resection).
    Reference(
        "adam2006",
        authors="",
        title=(
            "Is liver resection justified for patients with hepatic metastases from breast cancer?"
        ),
        journal="Ann Surg",
        year=2006,
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
    # Paper confirmed on PMC (PMC3628698: 86 resections, OS 57 mo, HR 3.8); its authors,
    # PMID, DOI, volume and pages were not visible in any record seen, so none is printed
    # (the PMC id has no field here): cited title-first.
    Reference(
        "abbott2012",
        authors="",
        title=(
            "Resection of liver metastases from breast cancer: estrogen receptor status and "
            "response to chemotherapy before metastasectomy define outcome"
        ),
        journal="Surgery",
        year=2012,
    ),
    # DOI seen in the publisher's URL (springermedizin.at link?doi=10.1245/s10434-010-0931-5,
    # same title and abstract); PMID 20143267: PubMed abstract copy keyed by it matches (41
    # patients, median OS 58 mo, 5-y OS 48 %). Authors not shown in any record: title-first.
    Reference(
        "hoffmann2010",
        authors="",
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
    # DOI + PMID 38771995 confirmed: PubMed record copy (J Clin Oncol 2024;42(23):2812-2821),
    # "Yen-Shen Lu et al.".
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
    # DOI + PMID 24126165 confirmed: NCBI PubMed page (Eur J Surg Oncol 2013;39(12):1377-83).
    # That page shows no author names: cited title-first.
    Reference(
        "mariani2013",
        authors="",
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
    # DOI seen on the publisher's (ScienceDirect) page: "The Breast, Volume 32, April 2017,
    # Pages 162-172 ... https://doi.org/10.1016/j.breast.2017.02.003". Authors not seen in any
    # record: cited title-first.
    Reference(
        "yoo2017",
        authors="",
        title=(
            "Systematic review of early and long-term outcome of liver resection for metastatic "
            "breast cancer: is there a survival benefit?"
        ),
        journal="Breast",
        year=2017,
        volume="32",
        pages="162-172",
        doi="10.1016/j.breast.2017.02.003",
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
    # DOI + PMID 26259753 confirmed: PubMed page (Ann Surg Oncol 2015 Dec;22 Suppl
    # 3:S1057-66). That page shows no author names: cited title-first.
    Reference(
        "ruiz2015",
        authors="",
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
    # PMID 16921046 confirmed: NCBI PubMed page (J Clin Oncol 2006;24(24):3939-45). DOI and
    # author names not shown there: cited title-first, without a DOI.
    Reference(
        "benoist2006",
        authors="",
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
    # DOI + PMID 34324367 confirmed: PMC8659999 header ("2021 Jul 29;39(35):3959-3977. doi:
    # 10.1200/JCO.21.01392 ... PMID: 34324367"), with the author list.
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
    # Citation seen only as a reference line (Pfizer HCP page: "Finn RS, Martin M, Rugo HS, et
    # al. ... N Engl J Med. 2016;375(20):1925-1936"). Its DOI and PMID were not seen in any
    # record, so none is printed.
    Reference(
        "paloma2",
        authors="Finn RS, Martin M, Rugo HS, et al",
        title="Palbociclib and letrozole in advanced breast cancer",
        journal="N Engl J Med",
        year=2016,
        volume="375(20)",
        pages="1925-1936",
    ),
    # DOI + PMID 38252901 confirmed: PubMed record copies (J Clin Oncol 2024;42(9):994-1000,
    # PMCID PMC10950136); authors on the LILACS/BVS MEDLINE record (Slamon DJ first, Finn RS
    # last).
    Reference(
        "paloma2_os",
        authors="Slamon DJ, Diéras V, Rugo HS, et al",
        title="Overall survival with palbociclib plus letrozole in advanced breast cancer",
        journal="J Clin Oncol",
        year=2024,
        volume="42(9)",
        pages="994-1000",
        doi="10.1200/JCO.23.00137",
        pmid="38252901",
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
    # DOI + PMID 38729566 confirmed: PubMed page and a PubMed copy (Ann Oncol 2024
    # Aug;35(8):718-727); authors on a hospital publication list.
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
    # DOI, volume, issue and pages confirmed: PMC7360146 table pages (header "29(8):1634-1657.
    # doi: 10.1093/annonc/mdy192") and the Gustave Roussy research record (title, authors,
    # Annals of Oncology 29(8), 1634-1657, 1 Aug 2018). PMID not seen. Its statements on
    # biopsy, staging, endocrine therapy in visceral disease and ovarian suppression were
    # read in the PMC copy of its tables.
    Reference(
        "abc4",
        authors="Cardoso F, Senkus E, Costa A, et al",
        title=(
            "4th ESO-ESMO international consensus guidelines for advanced breast cancer (ABC 4)"
        ),
        journal="Ann Oncol",
        year=2018,
        volume="29(8)",
        pages="1634-1657",
        doi="10.1093/annonc/mdy192",
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
    # per references.md, and seen as the record number of a PubMed abstract copy. The volume
    # number was not shown in any record seen, so only the issue and pages are printed.
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
        volume="(6)",
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
    # authors (Modi, Jacot, Yamashita, ...) on the University of Barcelona repository record of
    # the article (ISSN 0028-4793, 2022-07-07). DOI and PMID not seen in a record: left out.
    Reference(
        "destiny_b04",
        authors="Modi S, Jacot W, Yamashita T, et al",
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
    # DOI + PMID 39604725 confirmed: PubMed record copy (Nature 2024 Dec;636(8042):474-480);
    # authors on the PubMed erratum listing and the Erasmus University research record.
    Reference(
        "sonia",
        authors="Sonke GS, van Ommen-Nijhof A, Wortelboer N, et al",
        title="Early versus deferred use of CDK4/6 inhibitors in advanced breast cancer",
        journal="Nature",
        year=2024,
        volume="636(8042)",
        pages="474-480",
        doi="10.1038/s41586-024-08035-2",
        pmid="39604725",
    ),
    # DOI + PMID 37256976 confirmed: PubMed record copy (N Engl J Med 2023;388(22):2058-2070);
    # authors on the MSKCC and metajournal records.
    Reference(
        "capitello291",
        authors="Turner NC, Oliveira M, Howell SJ, et al",
        title="Capivasertib in hormone receptor-positive advanced breast cancer",
        journal="N Engl J Med",
        year=2023,
        volume="388(22)",
        pages="2058-2070",
        doi="10.1056/NEJMoa2214131",
        pmid="37256976",
    ),
    # Authors and title confirmed: institutional research records (Università Cattolica, UT
    # Health San Antonio) and PMC9553388 (abstract). DOI seen in two pages reproducing the
    # publisher's citation ("10.1200/JCO.22.00338 Journal of Clinical Oncology 40, no. 28
    # (October 01, 2022) 3246-3256"). PMID not seen.
    Reference(
        "emerald",
        authors="Bidard FC, Kaklamani VG, Neven P, et al",
        title=(
            "Elacestrant (oral selective estrogen receptor degrader) versus standard endocrine "
            "therapy for estrogen receptor-positive, human epidermal growth factor receptor "
            "2-negative advanced breast cancer: results from the randomized phase III EMERALD "
            "trial"
        ),
        journal="J Clin Oncol",
        year=2022,
        volume="40(28)",
        pages="3246-3256",
        doi="10.1200/JCO.22.00338",
    ),
    # Authors, title and pages confirmed: Pure research record (SOLAR-1 Study Group, André F,
    # Ciruelos E, Rubovszky G, ...; pages 1929-1940); year, volume and issue from a reference
    # line (pathway.md: "N Engl J Med. 2019 May 16;380(20):1929-1940"). DOI and PMID not seen.
    Reference(
        "solar1",
        authors="André F, Ciruelos E, Rubovszky G, et al",
        title="Alpelisib for PIK3CA-mutated, hormone receptor-positive advanced breast cancer",
        journal="N Engl J Med",
        year=2019,
        volume="380(20)",
        pages="1929-1940",
    ),
    # Citation from a reference line ("Baselga J, Campone M, Piccart M, et al. N Engl J Med 2012;
    # 366:520-529") and a document copy of the article (title and authors). DOI and PMID not
    # seen (PMID 22764762 belongs to a review of the trial, not to the trial).
    Reference(
        "bolero2",
        authors="Baselga J, Campone M, Piccart M, et al",
        title="Everolimus in postmenopausal hormone-receptor-positive advanced breast cancer",
        journal="N Engl J Med",
        year=2012,
        volume="366",
        pages="520-529",
    ),
    # DOI + PMID 28578601 confirmed: NCBI PubMed page (N Engl J Med 2017;377(6):523-533);
    # "Mark Robson et al." on a PubMed copy.
    Reference(
        "olympiad",
        authors="Robson M, Im SA, Senkus E, et al",
        title="Olaparib for metastatic breast cancer in patients with a germline BRCA mutation",
        journal="N Engl J Med",
        year=2017,
        volume="377(6)",
        pages="523-533",
        doi="10.1056/NEJMoa1706450",
        pmid="28578601",
    ),
    # Title, authors and Lancet 402(10411):1423-1433 seen on a bibliographic aggregator record
    # (ablesci); title and PMID on a PubMed-derived page (medluna). The DOI and PMID were seen
    # only on those third-party pages, so they are not printed.
    Reference(
        "tropics02",
        authors="Rugo HS, Bardia A, Marmé F, et al",
        title=(
            "Overall survival with sacituzumab govitecan in hormone receptor-positive and human "
            "epidermal growth factor receptor 2-negative metastatic breast cancer (TROPiCS-02): "
            "a randomised, open-label, multicentre, phase 3 trial"
        ),
        journal="Lancet",
        year=2023,
        volume="402(10411)",
        pages="1423-1433",
    ),
    # Title seen on an ASCO slide deck and a podcast transcript; "published in the Journal of
    # Clinical Oncology" (ASCO Post), May 2023. Authors, DOI and PMID not confirmed in a record:
    # cited title-first, without identifiers.
    Reference(
        "asco2023_esr1",
        authors="",
        title=(
            "Testing for ESR1 mutations to guide therapy for hormone receptor-positive, "
            "HER2-negative metastatic breast cancer: ASCO guideline rapid recommendation update"
        ),
        journal="J Clin Oncol",
        year=2023,
    ),
    # Title seen on a listing of the ASCO document; ASCO's guideline pages (ace.asco.org
    # guidelines 9326 and 9676) give "Published online February 6, 2024" and the wording of
    # Recommendation 1.1. Authors, DOI and PMID not seen: cited title-first.
    Reference(
        "asco2024_capi",
        authors="",
        title=(
            "Endocrine and targeted therapy for hormone receptor-positive, human epidermal "
            "growth factor receptor 2-negative metastatic breast cancer: capivasertib-fulvestrant: "
            "ASCO rapid recommendation update"
        ),
        journal="J Clin Oncol",
        year=2024,
    ),
    # DOI confirmed: Peeref record ("Volume 40, Issue 27, Pages 3205-+ ... DOI:
    # 10.1200/JCO.22.01063"); authors on the article PDF copy and the Stanford record. Last page
    # and PMID not seen, so no pages are printed.
    Reference(
        "henry2022",
        authors="Henry NL, Somerfield MR, Dayao Z, et al",
        title=(
            "Biomarkers for systemic therapy in metastatic breast cancer: ASCO guideline update"
        ),
        journal="J Clin Oncol",
        year=2022,
        volume="40(27)",
        doi="10.1200/JCO.22.01063",
    ),
    # DOI and authors confirmed: ASCO guideline page (ace.asco.org/guidelines/196944:
    # "Published ahead of print: January 4, 2024. DOI: 10.1200/JCO.23.02225. Isabelle Bedrosian,
    # Mark R. Somerfield, Maria Isabel Achatz, ..."). Volume, pages and PMID not seen.
    Reference(
        "bedrosian2024",
        authors="Bedrosian I, Somerfield MR, Achatz MI, et al",
        title=(
            "Germline testing in patients with breast cancer: ASCO-Society of Surgical Oncology "
            "guideline"
        ),
        journal="J Clin Oncol",
        year=2024,
        doi="10.1200/JCO.23.02225",
    ),
    # NICE's own guideline page (nice.org.uk/guidance/cg81, "Diagnosis and assessment",
    # recommendations 1.3.1-1.3.3 marked [2026]); title as on the NICE guideline document.
    # No DOI or PMID exists.
    Reference(
        "nice_cg81",
        authors="National Institute for Health and Care Excellence",
        title="Advanced breast cancer: diagnosis and treatment",
        journal="NICE guideline CG81",
        year=2026,
    ),
    # Set id seen in the DailyMed URL (drugInfo.cfm?setid=aaeaef94-...; label "Updated August
    # 24, 2023" in the stored copy); the label lists Hepatobiliary Toxicity under Warnings and
    # Precautions (5.5). Year = version seen.
    Reference(
        "kisqali_label",
        authors="Novartis Pharmaceuticals Corporation",
        title="Kisqali (ribociclib) tablets: US prescribing information",
        journal="DailyMed",
        year=2023,
        url=(
            "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?"
            "setid=aaeaef94-f3f5-4367-8ea2-b181d7be2da8"
        ),
    ),
    # Set id seen in the FDA label service URL (set-ids/be4bc0de-.../spl-doc, effective
    # 2025-08-25); the label lists Hepatotoxicity under Warnings and Precautions (5.4).
    # Year = version seen.
    Reference(
        "verzenio_label",
        authors="Eli Lilly and Company",
        title="Verzenio (abemaciclib) tablets: US prescribing information",
        journal="DailyMed",
        year=2025,
        url=(
            "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?"
            "setid=be4bc0de-0fdc-4d46-8d25-be43c79e6a06"
        ),
    ),
    # DOI, title, volume, issue and pages seen on the publisher's page (Clin Breast Cancer,
    # Volume 23, Issue 1, P32-37, January 2023); authors on a library record of the PMC copy
    # (Martin S, Pflumio C, Trensz P, ...). PMID not seen.
    Reference(
        "martin2023",
        authors="Martin S, Pflumio C, Trensz P, et al",
        title=(
            "Consequences of discontinuing a 4/6 cyclin D-dependent kinase inhibitor during "
            "endocrine treatment in hormone-sensitive metastatic breast cancer patients in the "
            "context of the COVID-19 outbreak"
        ),
        journal="Clin Breast Cancer",
        year=2023,
        volume="23(1)",
        pages="32-37",
        doi="10.1016/j.clbc.2022.10.006",
    ),
    # Authors, title and issue seen on the publisher's (Springer Medicine) page: Int J Colorectal
    # Dis, issue 11/2016. DOI, PMID, volume and pages not seen.
    Reference(
        "vreugdenburg2016",
        authors="Vreugdenburg TD, Ma N, Duncan JK, et al",
        title=(
            "Comparative diagnostic accuracy of hepatocyte-specific gadoxetic acid (Gd-EOB-DTPA) "
            "enhanced MR imaging and contrast enhanced CT for the detection of liver "
            "metastases: a systematic review and meta-analysis"
        ),
        journal="Int J Colorectal Dis",
        year=2016,
    ),
    # DOI, PMID 31936319 and authors confirmed: PMC7017094 header (Cancers 2020;12(1):151).
    Reference(
        "renzulli2020",
        authors="Renzulli M, Clemente A, Ierardi AM, et al",
        title="Imaging of colorectal liver metastases: new developments and pending issues",
        journal="Cancers (Basel)",
        year=2020,
        volume="12(1)",
        pages="151",
        doi="10.3390/cancers12010151",
        pmid="31936319",
    ),
    # DOI, PMID 31183451 and authors confirmed: PMC6551408 header (BJS Open 2019;3(3):344-353).
    Reference(
        "kepenekian2019",
        authors="Kepenekian V, Muller A, Valette PJ, et al",
        title=(
            "Evaluation of a strategy using pretherapeutic fiducial marker placement to avoid "
            "missing liver metastases"
        ),
        journal="BJS Open",
        year=2019,
        volume="3(3)",
        pages="344-353",
        doi="10.1002/bjs5.50140",
        pmid="31183451",
    ),
    # DOI, PMID 30387333 and authors confirmed: PMC6238116 header (J Zhejiang Univ Sci B 2018
    # Nov;19(11):829-843).
    Reference(
        "xiao2018",
        authors="Xiao YB, Zhang B, Wu YL",
        title=(
            "Radiofrequency ablation versus hepatic resection for breast cancer liver "
            "metastasis: a systematic review and meta-analysis"
        ),
        journal="J Zhejiang Univ Sci B",
        year=2018,
        volume="19(11)",
        pages="829-843",
        doi="10.1631/jzus.B1700516",
        pmid="30387333",
    ),
    # DOI and PMID 30200791 confirmed: PubMed page (Int J Hyperthermia 2019 Jan 1;35(1):183-193).
    # Authors not shown there: cited title-first.
    Reference(
        "ijh2019_rfa",
        authors="",
        title=(
            "Long-term outcomes and prognostic analysis of percutaneous radiofrequency ablation "
            "in liver metastasis from breast cancer"
        ),
        journal="Int J Hyperthermia",
        year=2019,
        volume="35(1)",
        pages="183-193",
        doi="10.1080/02656736.2018.1488279",
        pmid="30200791",
    ),
    # DOI and authors confirmed: ESTRO review page of the article (J Clin Oncol 2020 Sep
    # 1;38(25):2830-2838; Palma DA, Olson R, Harrow S, ...); PMC copy PMC7460150. PMID not seen.
    Reference(
        "sabrcomet2020",
        authors="Palma DA, Olson R, Harrow S, et al",
        title=(
            "Stereotactic ablative radiotherapy for the comprehensive treatment of "
            "oligometastatic cancers: long-term results of the SABR-COMET phase II randomized "
            "trial"
        ),
        journal="J Clin Oncol",
        year=2020,
        volume="38(25)",
        pages="2830-2838",
        doi="10.1200/JCO.20.00818",
    ),
    # DOI, PMID 35117874 and authors confirmed: PMC8799143 header (Transl Cancer Res 2020
    # Aug;9(8):5087-5095).
    Reference(
        "aoki2020",
        authors="Aoki S, Yamashita H, Abe O, Nakagawa K",
        title=(
            "Stereotactic body radiotherapy (SBRT) for oligo-metastatic liver metastases from "
            "breast cancer, as an effective and safe alternative to surgery: a review"
        ),
        journal="Transl Cancer Res",
        year=2020,
        volume="9(8)",
        pages="5087-5095",
        doi="10.21037/tcr-20-1833",
        pmid="35117874",
    ),
    # DOI seen on the OUCI (Crossref) record; authors, volume, issue and pages on the University
    # of Galway research record (The Surgeon 2023;21(4):242-249). PMID not seen.
    Reference(
        "calpin2023",
        authors="Calpin GG, Davey MG, Calpin P, et al",
        title=(
            "The impact of liver resection on survival for patients with metastatic breast "
            "cancer - a systematic review and meta-analysis"
        ),
        journal="Surgeon",
        year=2023,
        volume="21(4)",
        pages="242-249",
        doi="10.1016/j.surge.2022.10.001",
    ),
    # DOI and authors confirmed: MDPI article page and OUCI record (Cancers 2023;15(17):4331).
    # PMID not seen.
    Reference(
        "bland2023",
        authors="Bland KA, Mustafa R, McTaggart-Cowan H",
        title="Patient preferences in metastatic breast cancer care: a scoping review",
        journal="Cancers (Basel)",
        year=2023,
        volume="15(17)",
        pages="4331",
        doi="10.3390/cancers15174331",
    ),
    # DOI, authors, volume and page confirmed: the publisher's page (bmj.com/content/336/7650/
    # 924: Guyatt GH, Oxman AD, Vist GE, Kunz R, Falck-Ytter Y, Alonso-Coello P, Schunemann HJ,
    # for the GRADE Working Group; BMJ 2008;336:924); pages 924-926 and issue 7650 on the EPA
    # HERO record. PMID not seen.
    Reference(
        "guyatt2008",
        authors="Guyatt GH, Oxman AD, Vist GE, et al",
        title=(
            "GRADE: an emerging consensus on rating quality of evidence and strength of "
            "recommendations"
        ),
        journal="BMJ",
        year=2008,
        volume="336(7650)",
        pages="924-926",
        doi="10.1136/bmj.39489.470347.AD",
    ),
)

BIBLIOGRAPHY: dict[str, Reference] = {ref.key: ref for ref in _REFERENCES}


def short_citations(keys: list[str]) -> dict[str, str]:
    """Map each cited key to its short citation, in first-cited order."""
    return {key: BIBLIOGRAPHY[key].short for key in dict.fromkeys(keys)}
