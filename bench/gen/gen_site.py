#!/usr/bin/env python3
"""Generate the same synthetic organization website as a Portico site and as a Hugo site.

    python3 bench/gen/gen_site.py --pages 1000 --seed 42 --out /tmp/site

writes /tmp/site/portico/ and /tmp/site/hugo/. Each has N content pages per
locale (en and fr) spread over five sections, plus a home page and one index
page per section. The text of every page is identical in both outputs; only
the front matter, the link syntax and the theme differ. The output depends
only on --pages and --seed.

Standard library only (Python 3.11+).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import shutil
import sys
import time
import unicodedata

ORG = "Aldercrest"
BASE_URL = "https://www.aldercrest.example"
LOCALES = ("en", "fr")

# ---------------------------------------------------------------------------
# Lexicon. Every entry is an English form and the matching French form, so a
# sentence is built once and written in both languages with the same
# structure.
# ---------------------------------------------------------------------------

# en singular | en plural | fr singular | fr plural | gender
NOUNS_TEXT = """
sensor|sensors|capteur|capteurs|m
river|rivers|rivière|rivières|f
team|teams|équipe|équipes|f
model|models|modèle|modèles|m
dataset|datasets|jeu de données|jeux de données|m
city|cities|ville|villes|f
station|stations|station|stations|f
forecast|forecasts|prévision|prévisions|f
network|networks|réseau|réseaux|m
partner|partners|partenaire|partenaires|m
researcher|researchers|chercheur|chercheurs|m
engineer|engineers|ingénieur|ingénieurs|m
community|communities|communauté|communautés|f
school|schools|école|écoles|f
coast|coasts|côte|côtes|f
flood|floods|crue|crues|f
storm|storms|tempête|tempêtes|f
map|maps|carte|cartes|f
tool|tools|outil|outils|m
project|projects|projet|projets|m
program|programs|programme|programmes|m
region|regions|région|régions|f
farmer|farmers|agriculteur|agriculteurs|m
hospital|hospitals|hôpital|hôpitaux|m
satellite|satellites|satellite|satellites|m
measurement|measurements|mesure|mesures|f
signal|signals|signal|signaux|m
system|systems|système|systèmes|m
method|methods|méthode|méthodes|f
study|studies|étude|études|f
report|reports|rapport|rapports|m
student|students|étudiant|étudiants|m
basin|basins|bassin|bassins|m
harbor|harbors|port|ports|m
grid|grids|réseau électrique|réseaux électriques|m
battery|batteries|batterie|batteries|f
building|buildings|bâtiment|bâtiments|m
road|roads|route|routes|f
bridge|bridges|pont|ponts|m
forest|forests|forêt|forêts|f
glacier|glaciers|glacier|glaciers|m
heatwave|heatwaves|vague de chaleur|vagues de chaleur|f
drought|droughts|sécheresse|sécheresses|f
crop|crops|culture|cultures|f
soil|soils|sol|sols|m
camera|cameras|caméra|caméras|f
device|devices|appareil|appareils|m
app|apps|application|applications|f
platform|platforms|plateforme|plateformes|f
interface|interfaces|interface|interfaces|f
algorithm|algorithms|algorithme|algorithmes|m
benchmark|benchmarks|référentiel|référentiels|m
sample|samples|échantillon|échantillons|m
archive|archives|archive|archives|f
library|libraries|bibliothèque|bibliothèques|f
workshop|workshops|atelier|ateliers|m
volunteer|volunteers|bénévole|bénévoles|m
neighborhood|neighborhoods|quartier|quartiers|m
customer|customers|client|clients|m
operator|operators|opérateur|opérateurs|m
scientist|scientists|scientifique|scientifiques|m
prototype|prototypes|prototype|prototypes|m
update|updates|mise à jour|mises à jour|f
release|releases|version|versions|f
feature|features|fonctionnalité|fonctionnalités|f
result|results|résultat|résultats|m
question|questions|question|questions|f
challenge|challenges|défi|défis|m
risk|risks|risque|risques|m
warning|warnings|alerte|alertes|f
season|seasons|saison|saisons|f
village|villages|village|villages|m
island|islands|île|îles|f
lake|lakes|lac|lacs|m
valley|valleys|vallée|vallées|f
reservoir|reservoirs|réservoir|réservoirs|m
pipeline|pipelines|canalisation|canalisations|f
meter|meters|compteur|compteurs|m
panel|panels|panneau|panneaux|m
turbine|turbines|turbine|turbines|f
vehicle|vehicles|véhicule|véhicules|m
clinic|clinics|clinique|cliniques|f
record|records|relevé|relevés|m
image|images|image|images|f
observation|observations|observation|observations|f
estimate|estimates|estimation|estimations|f
policy|policies|politique|politiques|f
standard|standards|norme|normes|f
course|courses|formation|formations|f
paper|papers|article|articles|m
dashboard|dashboards|tableau de bord|tableaux de bord|m
server|servers|serveur|serveurs|m
pilot|pilots|pilote|pilotes|m
framework|frameworks|cadre|cadres|m
protocol|protocols|protocole|protocoles|m
"""

# en | fr masculine | fr feminine   ("=" : the French form never changes)
ADJS_TEXT = """
coastal|côtier|côtière
open|ouvert|ouverte
regional|régional|régionale
early|précoce|précoce
reliable|fiable|fiable
local|local|locale
public|public|publique
small|petit|petite
important|important|importante
accurate|précis|précise
low-power|=à faible consommation
urban|urbain|urbaine
rural|rural|rurale
independent|indépendant|indépendante
seasonal|saisonnier|saisonnière
daily|quotidien|quotidienne
global|mondial|mondiale
national|national|nationale
shared|partagé|partagée
detailed|détaillé|détaillée
practical|pratique|pratique
simple|simple|simple
robust|robuste|robuste
efficient|efficace|efficace
affordable|abordable|abordable
sustainable|durable|durable
digital|numérique|numérique
long-term|=à long terme
real-time|=en temps réel
historical|historique|historique
extreme|extrême|extrême
sudden|soudain|soudaine
complex|complexe|complexe
clear|clair|claire
scientific|scientifique|scientifique
technical|technique|technique
experimental|expérimental|expérimentale
annual|annuel|annuelle
rapid|rapide|rapide
remote|isolé|isolée
northern|=du nord
southern|=du sud
heavy|lourd|lourde
modern|moderne|moderne
fragile|fragile|fragile
essential|essentiel|essentielle
collaborative|collaboratif|collaborative
multilingual|multilingue|multilingue
transparent|transparent|transparente
secure|sécurisé|sécurisée
lightweight|léger|légère
accessible|accessible|accessible
open-source|=open source
"""

# en base | en past | en past participle | fr infinitive (regular -er verbs)
VERBS_TEXT = """
measure|measured|measured|mesurer
improve|improved|improved|améliorer
publish|published|published|publier
share|shared|shared|partager
test|tested|tested|tester
support|supported|supported|accompagner
train|trained|trained|entraîner
monitor|monitored|monitored|surveiller
map|mapped|mapped|cartographier
collect|collected|collected|collecter
analyze|analyzed|analyzed|analyser
connect|connected|connected|connecter
reduce|reduced|reduced|diminuer
locate|located|located|localiser
design|designed|designed|dessiner
develop|developed|developed|développer
document|documented|documented|documenter
explore|explored|explored|explorer
protect|protected|protected|préserver
simplify|simplified|simplified|simplifier
calibrate|calibrated|calibrated|calibrer
combine|combined|combined|combiner
compare|compared|compared|comparer
estimate|estimated|estimated|estimer
evaluate|evaluated|evaluated|évaluer
extend|extended|extended|prolonger
fund|funded|funded|financer
host|hosted|hosted|héberger
inspire|inspired|inspired|inspirer
install|installed|installed|installer
invite|invited|invited|inviter
launch|launched|launched|lancer
observe|observed|observed|observer
prepare|prepared|prepared|préparer
present|presented|presented|présenter
record|recorded|recorded|enregistrer
release|released|released|diffuser
review|reviewed|reviewed|examiner
study|studied|studied|étudier
transform|transformed|transformed|transformer
visualize|visualized|visualized|visualiser
adapt|adapted|adapted|adapter
change|changed|changed|changer
help|helped|helped|aider
create|created|created|créer
use|used|used|utiliser
build|built|built|assembler
find|found|found|trouver
run|ran|run|piloter
lead|led|led|diriger
bring|brought|brought|apporter
keep|kept|kept|conserver
write|wrote|written|rédiger
show|showed|shown|montrer
"""

ADVERBS = [
    ("quickly", "rapidement"), ("often", "souvent"), ("already", "déjà"),
    ("now", "désormais"), ("carefully", "soigneusement"), ("together", "ensemble"),
    ("every year", "chaque année"), ("again", "à nouveau"), ("today", "aujourd'hui"),
    ("locally", "localement"), ("openly", "ouvertement"), ("gradually", "progressivement"),
    ("reliably", "de manière fiable"), ("in practice", "en pratique"),
    ("at scale", "à grande échelle"), ("for the first time", "pour la première fois"),
    ("this year", "cette année"), ("over time", "au fil du temps"),
    ("in the field", "sur le terrain"), ("every week", "chaque semaine"),
]

PREPS = [
    ("in", "dans"), ("across", "à travers"), ("for", "pour"), ("with", "avec"),
    ("during", "pendant"), ("near", "près de"), ("from", "à partir de"),
    ("around", "autour de"), ("along", "le long de"), ("without", "sans"),
    ("after", "après"), ("before", "avant"), ("through", "grâce à"), ("under", "sous"),
    ("beyond", "au-delà de"), ("among", "parmi"), ("about", "au sujet de"),
]

SUBORDS = [
    ("because", "parce que"), ("while", "tandis que"), ("although", "bien que"),
    ("when", "lorsque"), ("so that", "afin que"), ("after", "après que"),
    ("since", "puisque"), ("as", "alors que"), ("even though", "même si"),
]

SHORT_SENTENCES = [
    ("The results were clear.", "Les résultats étaient clairs."),
    ("It was not easy.", "Ce n'était pas simple."),
    ("The work continues.", "Le travail continue."),
    ("That matters.", "Cela compte."),
    ("Nobody expected this.", "Personne ne s'y attendait."),
    ("The numbers tell the story.", "Les chiffres parlent d'eux-mêmes."),
    ("Small details made the difference.", "Les petits détails ont fait la différence."),
    ("Everything is documented.", "Tout est documenté."),
    ("The first tests went well.", "Les premiers essais se sont bien passés."),
    ("This is only the beginning.", "Ce n'est qu'un début."),
    ("Feedback shaped every step.", "Les retours ont guidé chaque étape."),
    ("The data is public.", "Les données sont publiques."),
]

QUESTIONS = [
    ("What does this mean for {np}?", "Qu'est-ce que cela signifie pour {np} ?"),
    ("Why do {np} matter?", "Pourquoi {np} comptent-ils ?"),
    ("How can we help {np}?", "Comment pouvons-nous aider {np} ?"),
]

# en | fr | country | latitude | longitude | time zone
CITIES_TEXT = """
Lisbon|Lisbonne|PT|38.7223|-9.1393|Europe/Lisbon
London|Londres|GB|51.5072|-0.1276|Europe/London
Paris|Paris|FR|48.8566|2.3522|Europe/Paris
Lyon|Lyon|FR|45.7640|4.8357|Europe/Paris
Marseille|Marseille|FR|43.2965|5.3698|Europe/Paris
Brussels|Bruxelles|BE|50.8503|4.3517|Europe/Brussels
Amsterdam|Amsterdam|NL|52.3676|4.9041|Europe/Amsterdam
Copenhagen|Copenhague|DK|55.6761|12.5683|Europe/Copenhagen
Berlin|Berlin|DE|52.5200|13.4050|Europe/Berlin
Munich|Munich|DE|48.1351|11.5820|Europe/Berlin
Vienna|Vienne|AT|48.2082|16.3738|Europe/Vienna
Warsaw|Varsovie|PL|52.2297|21.0122|Europe/Warsaw
Rome|Rome|IT|41.9028|12.4964|Europe/Rome
Barcelona|Barcelone|ES|41.3874|2.1686|Europe/Madrid
Athens|Athènes|GR|37.9838|23.7275|Europe/Athens
Stockholm|Stockholm|SE|59.3293|18.0686|Europe/Stockholm
Helsinki|Helsinki|FI|60.1699|24.9384|Europe/Helsinki
Dublin|Dublin|IE|53.3498|-6.2603|Europe/Dublin
Geneva|Genève|CH|46.2044|6.1432|Europe/Zurich
Montreal|Montréal|CA|45.5019|-73.5674|America/Toronto
Quebec City|Québec|CA|46.8139|-71.2080|America/Toronto
Vancouver|Vancouver|CA|49.2827|-123.1207|America/Vancouver
New York|New York|US|40.7128|-74.0060|America/New_York
Boston|Boston|US|42.3601|-71.0589|America/New_York
Chicago|Chicago|US|41.8781|-87.6298|America/Chicago
Denver|Denver|US|39.7392|-104.9903|America/Denver
Seattle|Seattle|US|47.6062|-122.3321|America/Los_Angeles
Mexico City|Mexico|MX|19.4326|-99.1332|America/Mexico_City
Bogotá|Bogota|CO|4.7110|-74.0721|America/Bogota
Lima|Lima|PE|-12.0464|-77.0428|America/Lima
Santiago|Santiago|CL|-33.4489|-70.6693|America/Santiago
São Paulo|São Paulo|BR|-23.5505|-46.6333|America/Sao_Paulo
Dakar|Dakar|SN|14.7167|-17.4677|Africa/Dakar
Abidjan|Abidjan|CI|5.3600|-4.0083|Africa/Abidjan
Nairobi|Nairobi|KE|-1.2921|36.8219|Africa/Nairobi
Cape Town|Le Cap|ZA|-33.9249|18.4241|Africa/Johannesburg
Casablanca|Casablanca|MA|33.5731|-7.5898|Africa/Casablanca
Tunis|Tunis|TN|36.8065|10.1815|Africa/Tunis
Cairo|Le Caire|EG|30.0444|31.2357|Africa/Cairo
Bengaluru|Bangalore|IN|12.9716|77.5946|Asia/Kolkata
Singapore|Singapour|SG|1.3521|103.8198|Asia/Singapore
Tokyo|Tokyo|JP|35.6762|139.6503|Asia/Tokyo
Seoul|Séoul|KR|37.5665|126.9780|Asia/Seoul
Jakarta|Jakarta|ID|-6.2088|106.8456|Asia/Jakarta
Sydney|Sydney|AU|-33.8688|151.2093|Australia/Sydney
Auckland|Auckland|NZ|-36.8485|174.7633|Pacific/Auckland
"""

TAGS = [
    ("climate", "climat"), ("open data", "données ouvertes"),
    ("machine learning", "apprentissage automatique"), ("sensors", "capteurs"),
    ("floods", "inondations"), ("oceans", "océans"), ("rivers", "rivières"),
    ("agriculture", "agriculture"), ("energy", "énergie"), ("cities", "villes"),
    ("health", "santé"), ("education", "éducation"), ("privacy", "vie privée"),
    ("security", "sécurité"), ("accessibility", "accessibilité"), ("hardware", "matériel"),
    ("software", "logiciel"), ("research", "recherche"), ("partnerships", "partenariats"),
    ("community", "communauté"), ("satellites", "satellites"), ("forecasting", "prévision"),
    ("biodiversity", "biodiversité"), ("water", "eau"), ("heat", "chaleur"),
    ("air quality", "qualité de l'air"), ("mapping", "cartographie"),
    ("infrastructure", "infrastructures"), ("mobility", "mobilité"),
    ("sustainability", "durabilité"), ("careers", "carrières"), ("events", "événements"),
    ("policy", "politiques publiques"), ("standards", "normes"),
    ("open source", "open source"), ("datasets", "jeux de données"), ("models", "modèles"),
    ("field work", "terrain"), ("emergency response", "gestion de crise"),
    ("engineering", "ingénierie"),
]

# key, share of the N pages, weight, en title, fr title, en summary, fr summary
SECTIONS = [
    ("stories", 0.45, 1, "Stories", "Actualités",
     "News, field reports and interviews from Aldercrest teams around the world.",
     "Actualités, reportages de terrain et entretiens avec les équipes d'Aldercrest dans le monde."),
    ("tools", 0.20, 2, "Research tools", "Outils de recherche",
     "Open datasets, models, SDKs, APIs and code published by Aldercrest Research.",
     "Jeux de données, modèles, SDK, API et code ouverts publiés par Aldercrest Research."),
    ("events", 0.15, 3, "Events", "Événements",
     "Conferences, workshops, webinars and open days hosted or joined by Aldercrest.",
     "Conférences, ateliers, webinaires et journées portes ouvertes organisés ou suivis par Aldercrest."),
    ("jobs", 0.12, 4, "Careers", "Carrières",
     "Open roles at Aldercrest, in research, engineering, field operations and more.",
     "Postes ouverts chez Aldercrest, en recherche, ingénierie, opérations de terrain et plus encore."),
    ("locations", 0.08, 5, "Locations", "Implantations",
     "Aldercrest offices, research labs and data centers.",
     "Les bureaux, laboratoires de recherche et centres de données d'Aldercrest."),
]

# Shared illustrations: file, en alt, fr alt.
IMAGES = [
    ("waves.svg", "Three rows of blue waves under a pale sky",
     "Trois rangées de vagues bleues sous un ciel pâle"),
    ("mountains.svg", "Snow-capped mountains above a green valley",
     "Des montagnes enneigées au-dessus d'une vallée verte"),
    ("sensors.svg", "A grid of connected sensor nodes on a dark background",
     "Une grille de capteurs reliés entre eux sur un fond sombre"),
    ("chart.svg", "A bar chart with values rising from left to right",
     "Un diagramme en barres dont les valeurs montent de gauche à droite"),
    ("river.svg", "A river winding through fields, seen from above",
     "Une rivière qui serpente entre des champs, vue du ciel"),
    ("city.svg", "A city skyline at dusk with lit windows",
     "Les toits d'une ville au crépuscule, fenêtres éclairées"),
    ("satellite.svg", "A satellite orbiting the Earth",
     "Un satellite en orbite autour de la Terre"),
    ("map.svg", "A map pin over a street map",
     "Un repère posé sur un plan de ville"),
    ("sun.svg", "A large sun over rows of crops",
     "Un grand soleil au-dessus de rangées de cultures"),
    ("workshop.svg", "Four people seated around a table",
     "Quatre personnes assises autour d'une table"),
]

HEADINGS_COMMON = [
    ("Background", "Contexte"), ("What we learned", "Ce que nous avons appris"),
    ("How it works", "Comment ça marche"), ("Next steps", "Prochaines étapes"),
    ("Results", "Résultats"), ("Working with partners", "Travailler avec nos partenaires"),
    ("Why it matters", "Pourquoi c'est important"), ("In the field", "Sur le terrain"),
    ("Methods", "Méthodes"), ("Open questions", "Questions ouvertes"),
    ("Who is involved", "Qui participe"), ("The challenge", "Le défi"),
    ("What comes next", "La suite"), ("Limitations", "Limites"),
]
HEADINGS_BY_SECTION = {
    "stories": [("A long history", "Une longue histoire"), ("On the ground", "Au plus près du terrain"),
                ("Acknowledgments", "Remerciements")],
    "tools": [("Getting started", "Pour commencer"), ("Installation", "Installation"),
              ("Data and code", "Données et code"), ("How to cite", "Comment citer"),
              ("License", "Licence")],
    "events": [("Program", "Programme"), ("Who should attend", "Public visé"),
               ("Practical information", "Informations pratiques"), ("Speakers", "Intervenants")],
    "jobs": [("About the role", "À propos du poste"), ("What you will do", "Vos missions"),
             ("What we are looking for", "Profil recherché"), ("How to apply", "Comment postuler"),
             ("Benefits", "Avantages")],
    "locations": [("Getting here", "Accès"), ("Teams on site", "Équipes sur place"),
                  ("Visiting", "Visites")],
}

LIST_LEADS = [
    ("Key results include:", "Principaux résultats :"), ("The work covers:", "Le travail couvre :"),
    ("In short:", "En bref :"), ("What we learned:", "Ce que nous avons appris :"),
    ("Next steps:", "Prochaines étapes :"), ("The main parts are:", "Les principaux éléments sont :"),
]

LINK_SENTENCES = [
    ("Read more in [{t}]({h}).", "Pour en savoir plus, lisez [{t}]({h})."),
    ("See also [{t}]({h}).", "Voir aussi [{t}]({h})."),
    ("This work builds on [{t}]({h}).", "Ce travail s'appuie sur [{t}]({h})."),
    ("For background, start with [{t}]({h}).", "Pour le contexte, commencez par [{t}]({h})."),
    ("A related page, [{t}]({h}), gives more detail.",
     "Une page voisine, [{t}]({h}), donne plus de détails."),
]
SECTION_LINK_SENTENCES = [
    ("Browse all [{t}]({h}).", "Parcourez la rubrique [{t}]({h})."),
    ("More in [{t}]({h}).", "À lire aussi dans la rubrique [{t}]({h})."),
]

EN_NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "twenty"]
FR_NUMBERS = ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix", "douze", "vingt"]

NAME_HEADS = ["Tide", "River", "Cor", "Lum", "Harbor", "Stone", "Field", "Wave", "Sol", "Terra",
              "Aqua", "Nim", "Quill", "Fern", "Gale", "Drift", "Cove", "Ridge", "Lark", "Pine",
              "Ember", "Marsh", "Flint", "Brook", "Heron", "Cedar", "Delta", "Mist", "Orbit", "Pixel",
              "Atlas", "Beacon", "Cirrus", "Dune", "Echo", "Fjord", "Gyre", "Helio", "Iris", "Kelp"]
NAME_TAILS = ["mark", "vane", "line", "cast", "gate", "scope", "wise", "field", "stack", "sense",
              "path", "frame", "grid", "well", "light", "kit", "flow", "map", "net", "set",
              "base", "point", "core", "lens", "tide", "works", "board", "watch", "form", "trail",
              "node", "bridge", "vault", "loop", "shore", "bay", "crest", "ward", "mint", "wing"]
STREETS = ["Street", "Avenue", "Road", "Boulevard", "Lane", "Quay", "Square", "Way"]

TOOL_KINDS = [  # key, en noun, fr noun, fr gender, weight
    ("dataset", "dataset", "jeu de données", "m", 35), ("model", "model", "modèle", "m", 25),
    ("sdk", "SDK", "SDK", "m", 15), ("api", "API", "API", "f", 10),
    ("code", "library", "bibliothèque", "f", 15),
]
LICENSES = ["Apache-2.0", "MIT", "CC-BY-4.0", "BSD-3-Clause", "MPL-2.0", "CC0-1.0", "GPL-3.0-only"]
EVENT_KINDS = [  # key, en, fr, fr gender
    ("conference", "conference", "conférence", "f"), ("workshop", "workshop", "atelier", "m"),
    ("webinar", "webinar", "webinaire", "m"), ("meetup", "meetup", "rencontre", "f"),
    ("open-day", "open day", "journée portes ouvertes", "f"), ("seminar", "seminar", "séminaire", "m"),
    ("hackathon", "hackathon", "hackathon", "m"), ("summer-school", "summer school", "école d'été", "f"),
]
ROLES = [
    ("research engineer", "ingénieur de recherche"), ("data scientist", "scientifique des données"),
    ("software engineer", "ingénieur logiciel"), ("hardware engineer", "ingénieur matériel"),
    ("field technician", "technicien de terrain"), ("product manager", "chef de produit"),
    ("product designer", "designer produit"), ("hydrologist", "hydrologue"),
    ("climate scientist", "climatologue"), ("program manager", "responsable de programme"),
    ("technical writer", "rédacteur technique"), ("site reliability engineer", "ingénieur fiabilité"),
    ("security engineer", "ingénieur sécurité"), ("partnerships lead", "responsable des partenariats"),
    ("community manager", "responsable communauté"), ("UX researcher", "chercheur UX"),
    ("machine learning engineer", "ingénieur en apprentissage automatique"),
    ("operations coordinator", "coordinateur des opérations"), ("accountant", "comptable"),
    ("recruiter", "chargé de recrutement"),
]
SENIORITY = [("", ""), ("Senior", "senior"), ("Staff", "expert"), ("Principal", "principal"),
             ("Junior", "junior")]
EMPLOYMENT = [("Full-time", "Temps plein", 70), ("Part-time", "Temps partiel", 10),
              ("Fixed-term contract", "Contrat à durée déterminée", 12), ("Internship", "Stage", 8)]
REMOTE = [("onsite", 40), ("hybrid", 45), ("remote", 15)]
LOCATION_KINDS = [  # key, en, fr, weight
    ("office", "office", "Bureau", 60), ("lab", "research lab", "Laboratoire", 30),
    ("data-center", "data center", "Centre de données", 10),
]

VOWELS = set("aeiouyàâäéèêëîïôöûùüœAEIOUYÀÂÉÈÊÎÔÛhH")


# ---------------------------------------------------------------------------
# Lexicon preparation.
# ---------------------------------------------------------------------------

def fr_plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def en_3sg(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


class Noun:
    __slots__ = ("en", "en_pl", "fr", "fr_pl", "g", "v")

    def __init__(self, en, en_pl, fr, fr_pl, g):
        self.en, self.en_pl, self.fr, self.fr_pl, self.g = en, en_pl, fr, fr_pl, g
        self.v = fr[0] in VOWELS


class Adj:
    __slots__ = ("en", "forms")

    def __init__(self, en, m, f):
        self.en = en
        if f is None:  # invariable French phrase
            self.forms = {("m", False): m, ("f", False): m, ("m", True): m, ("f", True): m}
        else:
            self.forms = {("m", False): m, ("f", False): f,
                          ("m", True): fr_plural(m), ("f", True): f + "s"}


class Verb:
    __slots__ = ("base", "s3", "past", "pp", "inf", "fr3s", "fr3p", "fr1p", "frpp",
                 "fut3s", "fut3p", "fut1p")

    def __init__(self, base, past, pp, inf):
        self.base, self.s3, self.past, self.pp, self.inf = base, en_3sg(base), past, pp, inf
        stem = inf[:-2]
        self.fr3s = stem + "e"
        self.fr3p = stem + "ent"
        if stem.endswith("g"):
            self.fr1p = stem + "eons"
        elif stem.endswith("c"):
            self.fr1p = stem[:-1] + "çons"
        else:
            self.fr1p = stem + "ons"
        self.frpp = stem + "é"
        self.fut3s, self.fut3p, self.fut1p = inf + "a", inf + "ont", inf + "ons"


def _rows(text):
    return [line.split("|") for line in text.strip().splitlines()]


NOUNS = [Noun(*r) for r in _rows(NOUNS_TEXT)]
ADJS = []
for _r in _rows(ADJS_TEXT):
    if _r[1].startswith("="):
        ADJS.append(Adj(_r[0], _r[1][1:], None))
    else:
        ADJS.append(Adj(_r[0], _r[1], _r[2]))
VERBS = [Verb(*r) for r in _rows(VERBS_TEXT)]
CITIES = [(r[0], r[1], r[2], float(r[3]), float(r[4]), r[5]) for r in _rows(CITIES_TEXT)]

# Determiners: code -> en text; fr text by (gender, starts with a vowel).
DET_SG = ["the", "the", "the", "the", "a", "a", "a", "our", "our", "this", "each", "their"]
DET_PL = ["the", "the", "the", "the", "our", "our", "these", "their", "some", "some", "many",
          "num", "several", "dozens"]
# Nouns that read naturally as the subject of an action.
AGENTS = {"team", "researcher", "engineer", "partner", "community", "school", "farmer", "hospital",
          "student", "volunteer", "customer", "operator", "scientist", "city", "program", "project",
          "model", "system", "platform", "network", "app", "algorithm", "station", "sensor",
          "satellite", "dashboard", "tool", "library", "clinic", "village", "region", "camera",
          "device", "prototype", "report", "study"}
AGENT_NOUNS = [n for n in NOUNS if n.en in AGENTS]
PRED_ADVERBS = [("today", "aujourd'hui"), ("now", "désormais"), ("this year", "cette année"),
                ("in practice", "en pratique"), ("over time", "au fil du temps")]
EN_DET = {"the": "the ", "our": "our ", "this": "this ", "each": "each ", "their": "their ",
          "these": "these ", "some": "some ", "many": "many ", "several": "several ",
          "dozens": "dozens of "}
FR_DET_SG = {
    "the": {("m", False): "le ", ("f", False): "la ", ("m", True): "l'", ("f", True): "l'"},
    "a": {("m", False): "un ", ("f", False): "une ", ("m", True): "un ", ("f", True): "une "},
    "our": {("m", False): "notre ", ("f", False): "notre ", ("m", True): "notre ", ("f", True): "notre "},
    "this": {("m", False): "ce ", ("f", False): "cette ", ("m", True): "cet ", ("f", True): "cette "},
    "each": {("m", False): "chaque ", ("f", False): "chaque ", ("m", True): "chaque ", ("f", True): "chaque "},
    "their": {("m", False): "leur ", ("f", False): "leur ", ("m", True): "leur ", ("f", True): "leur "},
}
FR_DET_PL = {
    "the": {"m": "les ", "f": "les "}, "our": {"m": "nos ", "f": "nos "},
    "these": {"m": "ces ", "f": "ces "}, "their": {"m": "leurs ", "f": "leurs "},
    "some": {"m": "des ", "f": "des "}, "many": {"m": "de nombreux ", "f": "de nombreuses "},
    "several": {"m": "plusieurs ", "f": "plusieurs "},
    "dozens": {"m": "des dizaines de ", "f": "des dizaines de "},
}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def fr_after_prep(prep: str, np: str) -> str:
    """Join a French preposition and a noun phrase, with the usual contractions."""
    if prep == "de" or prep.endswith(" de"):
        head = prep[:-2]
        if np.startswith(("le ", "Le ")):
            return head + "du " + np[3:]
        if np.startswith("les "):
            return head + "des " + np[4:]
        if np.startswith("des "):
            return head + "de " + np[4:]
        if np.startswith("de "):
            return head + np
        if np[0] in VOWELS:
            return head + "d'" + np
        return prep + " " + np
    if prep == "à" or prep.endswith(" à"):
        head = prep[:-1]
        if np.startswith(("le ", "Le ")):
            return head + "au " + np[3:]
        if np.startswith("les "):
            return head + "aux " + np[4:]
    return prep + " " + np


def fr_que(word: str, following: str) -> str:
    if word.endswith("que") and following[:1] in VOWELS and following[:1] not in "hH":
        return word[:-1] + "'" + following
    return word + " " + following


def en_num(n: int) -> str:
    return f"{n:,}"


def fr_num(n: int) -> str:
    return f"{n:,}".replace(",", " ")


# ---------------------------------------------------------------------------
# Prose: one abstract sentence, written in English and in French.
# ---------------------------------------------------------------------------

class NP:
    """A noun phrase in both languages, with what agreement needs."""
    __slots__ = ("en", "fr", "pl", "g", "person")

    def __init__(self, en, fr, pl, g, person=None):
        self.en, self.fr, self.pl, self.g = en, fr, pl, g
        self.person = person or ("3p" if pl else "3s")


class Prose:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.random = rng.random
        self.choice = rng.choice

    # -- phrases --
    def np(self, pl=None, det=None, adj_p=0.5, noun=None, compound_p=0.12) -> NP:
        r = self.random
        c = self.choice
        n = noun or c(NOUNS)
        if pl is None:
            pl = r() < 0.45
        if det is None:
            det = c(DET_PL) if pl else c(DET_SG)
        adj = c(ADJS) if r() < adj_p else None
        mod = c(NOUNS) if r() < compound_p else None
        # English: det adj modifier noun
        words = ""
        if adj:
            words = adj.en + " "
        if mod and mod is not n:
            words += mod.en + " "
        else:
            mod = None
        words += n.en_pl if pl else n.en
        if det == "a":
            en = ("an " if words[0] in "aeiou" else "a ") + words
        elif det == "num":
            k = int(r() * len(EN_NUMBERS))
            en = EN_NUMBERS[k] + " " + words
        else:
            en = EN_DET[det] + words
        # French: det noun adj [de modifier]
        g = n.g
        if pl:
            if det == "num":
                d = FR_NUMBERS[k] + " "
            else:
                d = FR_DET_PL[det][g]
                if d.endswith("de ") and n.v:
                    d = d[:-3] + "d'"
            fr = d + n.fr_pl
        else:
            fr = FR_DET_SG[det][(g, n.v)] + n.fr
        if adj:
            fr += " " + adj.forms[(g, pl)]
        if mod:
            fr = fr + " " + fr_after_prep("de", mod.fr_pl)
        return NP(en, fr, pl, g)

    def bare_np(self, pl=True, adj_p=0.7) -> NP:
        """A noun phrase without determiner, for titles, headings and list items."""
        n = self.choice(NOUNS)
        adj = self.choice(ADJS) if self.random() < adj_p else None
        en = (adj.en + " " if adj else "") + (n.en_pl if pl else n.en)
        fr = n.fr_pl if pl else n.fr
        if adj:
            fr += " " + adj.forms[(n.g, pl)]
        return NP(en, fr, pl, n.g)

    def city(self):
        return self.choice(CITIES)

    def pp(self) -> tuple[str, str]:
        if self.random() < 0.2:
            c = self.city()
            return "in " + c[0], fr_after_prep("à", c[1])
        p_en, p_fr = self.choice(PREPS)
        o = self.np(adj_p=0.35, compound_p=0.05)
        return p_en + " " + o.en, fr_after_prep(p_fr, o.fr)

    def vp(self, subj: NP, tense: str) -> tuple[str, str]:
        v = self.choice(VERBS)
        p = subj.person
        if tense == "pres":
            en = v.s3 if p == "3s" else v.base
            fr = v.fr3s if p == "3s" else (v.fr3p if p == "3p" else v.fr1p)
        elif tense == "past":
            en = v.past
            fr = ("a " if p == "3s" else ("ont " if p == "3p" else "avons ")) + v.frpp
        elif tense == "fut":
            en = "will " + v.base
            fr = v.fut3s if p == "3s" else (v.fut3p if p == "3p" else v.fut1p)
        elif tense == "can":
            en = "can " + v.base
            fr = ("peut " if p == "3s" else ("peuvent " if p == "3p" else "pouvons ")) + v.inf
        else:  # present perfect
            en = ("has " if p == "3s" else "have ") + v.pp
            fr = ("a " if p == "3s" else ("ont " if p == "3p" else "avons ")) + v.frpp
        return en, fr

    def subj(self) -> NP:
        if self.random() < 0.75:
            return self.np(noun=self.choice(AGENT_NOUNS))
        return self.np()

    def clause(self, subj: NP, tense: str, pp_p=0.5) -> tuple[str, str]:
        ve, vf = self.vp(subj, tense)
        o = self.np()
        en = subj.en + " " + ve + " " + o.en
        fr = subj.fr + " " + vf + " " + o.fr
        if self.random() < pp_p:
            pe, pf = self.pp()
            en += " " + pe
            fr += " " + pf
        return en, fr

    # -- sentences --
    def sentence(self, tense: str, topic: NP | None) -> tuple[str, str]:
        r = self.random()
        if self.random() < 0.25:
            tense = self.choice(("pres", "past", "perf", "can", "fut"))
        if r < 0.28:
            en, fr = self.clause(self.subj(), tense, pp_p=0.6)
            if self.random() < 0.2:
                ae, af = self.choice(ADVERBS)
                en += " " + ae
                fr += " " + af
        elif r < 0.40:
            pe, pf = self.pp()
            en, fr = self.clause(self.subj(), tense, pp_p=0.0)
            en = cap(pe) + ", " + en
            fr = cap(pf) + ", " + fr
        elif r < 0.52:
            e1, f1 = self.clause(self.subj(), tense, pp_p=0.3)
            e2, f2 = self.clause(self.subj(), tense, pp_p=0.3)
            conj = self.random()
            if conj < 0.6:
                en, fr = e1 + ", and " + e2, f1 + " et " + f2
            else:
                en, fr = e1 + ", but " + e2, f1 + ", mais " + f2
        elif r < 0.66:
            e1, f1 = self.clause(self.subj(), tense, pp_p=0.3)
            e2, f2 = self.clause(self.subj(), tense, pp_p=0.4)
            se, sf = self.choice(SUBORDS)
            en = e1 + " " + se + " " + e2
            fr = f1 + " " + fr_que(sf, f2)
        elif r < 0.76:
            we = NP("we", "nous", True, "m", "1p")
            en, fr = self.clause(we, tense, pp_p=0.7)
        elif r < 0.83:
            s = self.np(adj_p=0.2)
            a = self.choice(ADJS)
            en = s.en + (" are " if s.pl else " is ") + a.en
            fr = s.fr + (" sont " if s.pl else " est ") + a.forms[(s.g, s.pl)]
            if self.random() < 0.3:
                ae, af = self.choice(PRED_ADVERBS)
                en += " " + ae
                fr += " " + af
        elif r < 0.89:
            year = 2012 + int(self.random() * 14)
            n = 20 + int(self.random() ** 3 * 5000)
            subj = self.np(pl=False, noun=self.choice(AGENT_NOUNS))
            ve, vf = self.vp(subj, "past")
            o = self.bare_np(adj_p=0.4)
            pe, pf = self.pp()
            en = f"In {year}, {subj.en} {ve} {en_num(n)} {o.en} {pe}"
            fr = f"En {year}, {subj.fr} {vf} {fr_num(n)} {o.fr} {pf}"
        elif r < 0.96 and topic is not None:
            en, fr = self.clause(topic, tense, pp_p=0.6)
        elif r < 0.985:
            return self.choice(SHORT_SENTENCES)
        else:
            qe, qf = self.choice(QUESTIONS)
            o = self.np(pl=True, det="the")
            return cap(qe.format(np=o.en)), cap(qf.format(np=o.fr))
        return cap(en) + ".", cap(fr) + "."

    def list_item(self) -> tuple[str, str]:
        o = self.bare_np(pl=True, adj_p=0.6)
        pe, pf = self.pp()
        return cap(o.en) + " " + pe, cap(o.fr) + " " + pf

    def heading(self, section: str) -> tuple[str, str]:
        r = self.random()
        if r < 0.35:
            return self.choice(HEADINGS_BY_SECTION[section])
        if r < 0.6:
            return self.choice(HEADINGS_COMMON)
        if r < 0.7:
            c = self.city()
            return "Lessons from " + c[0], "Leçons " + fr_after_prep("de", c[1])
        o = self.bare_np(pl=True, adj_p=0.8)
        pe, pf = self.pp()
        return cap(o.en) + " " + pe, cap(o.fr) + " " + pf


# ---------------------------------------------------------------------------
# Site plan: every item, its titles, slug and fields.
# ---------------------------------------------------------------------------

def slugify(text: str, limit: int = 60) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if len(t) > limit:
        t = t[:limit].rsplit("-", 1)[0]
    return t or "page"


def weighted(rng: random.Random, rows, w_index=-1):
    return rng.choices(rows, weights=[r[w_index] for r in rows], k=1)[0]


def rand_date(rng: random.Random, start=dt.date(2019, 1, 1), end=dt.date(2026, 12, 31)) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class Item:
    __slots__ = ("section", "slug", "key", "title", "summary", "date", "tags", "image",
                 "fields", "topic", "tense", "seed")

    def __init__(self, section):
        self.section = section
        self.fields = {}  # type-specific fields; an (en, fr) pair where the text differs


def plan_site(n_pages: int, seed: int):
    rng = random.Random(f"{seed}:plan")
    prose = Prose(rng)
    counts = {}
    rest = n_pages
    for key, share, *_ in SECTIONS[:-1]:
        counts[key] = max(1, round(n_pages * share))
        rest -= counts[key]
    counts[SECTIONS[-1][0]] = max(1, rest)

    used_slugs = {k: set() for k, *_ in SECTIONS}
    used_names: set[str] = set()

    def unique_slug(section, text):
        base = slugify(text)
        s, i = base, 2
        while s in used_slugs[section]:
            s = f"{base}-{i}"
            i += 1
        used_slugs[section].add(s)
        return s

    def product_name():
        for _ in range(50):
            if rng.random() < 0.85:
                name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
            else:
                name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS).capitalize()
            if name not in used_names:
                used_names.add(name)
                return name
        name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + " " + str(len(used_names))
        used_names.add(name)
        return name

    def common(it: Item, date: dt.date):
        it.date = date
        it.tags = [TAGS[i] for i in rng.sample(range(len(TAGS)), rng.randint(2, 4))]
        it.image = rng.randrange(len(IMAGES))
        it.seed = rng.getrandbits(64)

    items: dict[str, list[Item]] = {k: [] for k, *_ in SECTIONS}

    # Locations first: jobs and events point at them.
    for _ in range(counts["locations"]):
        it = Item("locations")
        kind = weighted(rng, LOCATION_KINDS)
        c = rng.choice(CITIES)
        district = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        en = f"{c[0]} {kind[1]}, {district}"
        fr = f"{kind[2]} {fr_after_prep('de', c[1])}, {district}"
        it.title = (en, fr)
        it.slug = unique_slug("locations", f"{c[0]} {kind[0]} {district}")
        people = rng.randint(12, 900)
        o = prose.bare_np(pl=True, adj_p=0.8)
        kind_fr_noun = {"office": "bureau", "lab": "laboratoire", "data-center": "centre de données"}[kind[0]]
        it.summary = (
            f"Our {kind[1]} in {c[0]}, where {people} people work on {o.en}.",
            f"Notre {kind_fr_noun} {fr_after_prep('de', c[1])}, où {people} personnes travaillent sur les {o.fr}.",
        )
        common(it, rand_date(rng))
        lat = round(c[3] + rng.uniform(-0.05, 0.05), 4)
        lon = round(c[4] + rng.uniform(-0.05, 0.05), 4)
        street = f"{rng.randint(1, 240)} {rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)} {rng.choice(STREETS)}"
        it.fields = {"kind": kind[0], "address": street, "city": (c[0], c[1]), "country": c[2],
                     "postal_code": f"{rng.randint(10000, 99999)}", "latitude": lat,
                     "longitude": lon, "timezone": c[5]}
        it.topic = NP(f"the {c[0]} {kind[1]}", f"le {kind_fr_noun} {fr_after_prep('de', c[1])}",
                      False, "m")
        it.tense = "pres"
        it.key = "locations/" + it.slug
        items["locations"].append(it)
    locations = items["locations"]

    for _ in range(counts["stories"]):
        it = Item("stories")
        c = rng.choice(CITIES)
        t = rng.randrange(6)
        a = prose.bare_np(pl=True, adj_p=1.0)
        b = prose.bare_np(pl=True, adj_p=0.3)
        v = rng.choice(VERBS)
        if t == 0:
            en = f"How {a.en} {v.base} {b.en} in {c[0]}"
            fr = f"Comment les {a.fr} {v.fr3p} les {b.fr} {fr_after_prep('à', c[1])}"
        elif t == 1:
            en = f"{cap(a.en)} for {c[0]}"
            fr = f"Des {a.fr} pour {c[1]}"
        elif t == 2:
            s = prose.bare_np(pl=False, adj_p=1.0)
            art = "An" if s.en[0] in "aeiou" else "A"
            en = f"{art} {s.en} for {b.en}"
            fr = f"{'Un' if s.g == 'm' else 'Une'} {s.fr} pour les {b.fr}"
        elif t == 3:
            en = f"What {a.en} taught us about {b.en}"
            fr = f"Ce que les {a.fr} nous ont appris sur les {b.fr}"
        elif t == 4:
            years = rng.randint(2, 15)
            en = f"{cap(a.en)} and {b.en}: {years} years of work"
            fr = f"{cap(a.fr)} et {b.fr} : {years} ans de travail"
        else:
            en = f"Inside {c[0]}'s {a.en}"
            fr = f"Dans les {a.fr} {fr_after_prep('de', c[1])}"
        it.title = (en, fr)
        it.slug = unique_slug("stories", en)
        s_en, s_fr = prose.clause(NP("the " + a.en, "les " + a.fr, True, a.g), "past", pp_p=1.0)
        it.summary = (cap(s_en) + ".", cap(s_fr) + ".")
        common(it, rand_date(rng))
        it.topic = NP("the " + a.en, "les " + a.fr, True, a.g)
        it.tense = "past"
        it.key = "stories/" + it.slug
        items["stories"].append(it)

    for _ in range(counts["tools"]):
        it = Item("tools")
        name = product_name()
        kind = weighted(rng, TOOL_KINDS)
        o = prose.bare_np(pl=True, adj_p=0.8)
        art_en = "An" if kind[1][0] in "AEIOUaeiou" else "A"
        art_fr = "un" if kind[3] == "m" else "une"
        it.title = (f"{name}: {art_en.lower()} {kind[1]} for {o.en}",
                    f"{name} : {art_fr} {kind[2]} pour les {o.fr}")
        it.slug = unique_slug("tools", name)
        s_en, s_fr = prose.clause(NP(name, name, False, "m"), "pres", pp_p=1.0)
        it.summary = (cap(s_en) + ".", cap(s_fr) + ".")
        common(it, rand_date(rng))
        it.fields = {"kind": kind[0], "license": rng.choice(LICENSES),
                     "version": f"{rng.randint(0, 4)}.{rng.randint(0, 19)}.{rng.randint(0, 9)}",
                     "repository": f"https://code.aldercrest.example/research/{it.slug}",
                     "released": it.date}
        it.topic = NP(name, name, False, "m")
        it.tense = "pres"
        it.key = "tools/" + it.slug
        items["tools"].append(it)

    for _ in range(counts["events"]):
        it = Item("events")
        kind = rng.choice(EVENT_KINDS)
        loc = rng.choice(locations) if rng.random() < 0.5 else None
        if loc is not None:
            c = next(x for x in CITIES if x[0] == loc.fields["city"][0])
        else:
            c = rng.choice(CITIES)
        o = prose.bare_np(pl=True, adj_p=1.0)
        date = rand_date(rng)
        year = date.year
        en = f"{c[0]} {kind[1]} on {o.en}"
        fr = f"{cap(kind[2])} {fr_after_prep('de', c[1])} sur les {o.fr}"
        if rng.random() < 0.4:
            en += f" {year}"
            fr += f" {year}"
        it.title = (en, fr)
        it.slug = unique_slug("events", en)
        it.summary = (
            f"A {kind[1]} in {c[0]} about {o.en}, open to partners and the public.",
            f"{'Un' if kind[3] == 'm' else 'Une'} {kind[2]} {fr_after_prep('à', c[1])} "
            f"sur les {o.fr}, {'ouvert' if kind[3] == 'm' else 'ouverte'} aux partenaires et au public.",
        )
        common(it, date)
        start_day = date + dt.timedelta(days=rng.randint(14, 120))
        hour = rng.choice((9, 9, 10, 13, 14, 18))
        start = dt.datetime(start_day.year, start_day.month, start_day.day, hour, rng.choice((0, 30)))
        if kind[0] in ("conference", "hackathon", "summer-school") and rng.random() < 0.7:
            end = dt.datetime(start_day.year, start_day.month, start_day.day, 17, 30) + \
                dt.timedelta(days=rng.randint(1, 4))
        else:
            end = start + dt.timedelta(hours=rng.choice((1, 2, 3, 4, 6)))
        if loc is not None:
            venue = (loc.title[0], loc.title[1])
        else:
            hall = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
            venue = (f"{hall} Hall, {c[0]}", f"Salle {hall}, {c[1]}")
        it.fields = {"kind": kind[0], "timezone": c[5], "start": start.isoformat(timespec="seconds"),
                     "end": end.isoformat(timespec="seconds"), "venue": venue,
                     "location": loc.key if loc is not None else None}
        it.topic = NP(f"the {kind[1]}", FR_DET_SG["the"][(kind[3], kind[2][0] in VOWELS)] + kind[2],
                      False, kind[3])
        it.tense = "fut"
        it.key = "events/" + it.slug
        items["events"].append(it)

    for _ in range(counts["jobs"]):
        it = Item("jobs")
        role = rng.choice(ROLES)
        sen = rng.choice(SENIORITY)
        spec = prose.bare_np(pl=True, adj_p=1.0)
        role_en = f"{sen[0]} {role[0]}" if sen[0] else cap(role[0])
        role_fr = f"{cap(role[1])} {sen[1]}" if sen[1] else cap(role[1])
        it.title = (f"{role_en}, {spec.en}", f"{role_fr}, {spec.fr}")
        it.slug = unique_slug("jobs", it.title[0])
        team = (cap(spec.en).title(), cap(spec.fr))
        locs = rng.sample(locations, min(len(locations), rng.randint(1, 2)))
        c_en = locs[0].fields["city"][0]
        c_fr = locs[0].fields["city"][1]
        v = rng.choice(VERBS)
        o = prose.np(adj_p=0.5)
        it.summary = (f"Join the {team[0]} team in {c_en} to {v.base} {o.en}.",
                      f"Rejoignez l'équipe {team[1]} {fr_after_prep('à', c_fr)} pour {v.inf} {o.fr}.")
        date = rand_date(rng)
        common(it, date)
        emp = weighted(rng, EMPLOYMENT)
        it.fields = {"team": team, "posted": date,
                     "closes": date + dt.timedelta(days=rng.randint(21, 90)),
                     "remote": weighted(rng, REMOTE)[0], "employment_type": (emp[0], emp[1]),
                     "locations": [l.key for l in locs]}
        it.topic = NP("the team", "l'équipe", False, "f")
        it.tense = "pres"
        it.key = "jobs/" + it.slug
        items["jobs"].append(it)

    return items


# ---------------------------------------------------------------------------
# Bodies.
# ---------------------------------------------------------------------------

LINK_RE = re.compile(r"\]\(@/([^)]*)\)")


def build_body(it: Item, all_items: list[Item], section_titles, lo: int = 400, hi: int = 900):
    """Markdown body of one item, in English and French, with `@/key` links."""
    rng = random.Random(it.seed)
    prose = Prose(rng)
    target = rng.randint(lo + 70, hi - 50)
    en_parts: list[str] = []
    fr_parts: list[str] = []
    en_words = fr_words = 0
    n_links = rng.randint(1, 3)
    links_done = 0
    since_heading = 0
    heading_every = rng.randint(110, 200)
    headings = 0
    sentence = prose.sentence
    topic = it.topic
    tense = it.tense
    first = True
    last_was_list = False
    floor = lo + 5
    while max(en_words, fr_words) < target or min(en_words, fr_words) < floor:
        if not first and since_heading >= heading_every:
            he, hf = prose.heading(it.section)
            en_parts.append("## " + he)
            fr_parts.append("## " + hf)
            en_words += he.count(" ") + 1
            fr_words += hf.count(" ") + 1
            since_heading = 0
            headings += 1
            heading_every = rng.randint(110, 220)
        if not first and not last_was_list and rng.random() < 0.14 \
                and max(en_words, fr_words) < target - 60:
            last_was_list = True
            le, lf = rng.choice(LIST_LEADS)
            ordered = rng.random() < 0.3
            en_l, fr_l = [le, ""], [lf, ""]
            w_e = le.count(" ") + 1
            w_f = lf.count(" ") + 1
            for i in range(rng.randint(3, 5)):
                mark = f"{i + 1}. " if ordered else "- "
                ie, i_f = prose.list_item()
                en_l.append(mark + ie)
                fr_l.append(mark + i_f)
                w_e += ie.count(" ") + 1
                w_f += i_f.count(" ") + 1
            en_parts.append("\n".join(en_l))
            fr_parts.append("\n".join(fr_l))
            en_words += w_e
            fr_words += w_f
            since_heading += w_e
            continue
        last_was_list = False
        n_sent = rng.randint(3, 6) if not first else rng.randint(2, 4)
        en_s, fr_s = [], []
        for i in range(n_sent):
            e, f = sentence(tense, topic)
            en_s.append(e)
            fr_s.append(f)
            en_words += e.count(" ") + 1
            fr_words += f.count(" ") + 1
            if i >= 1 and max(en_words, fr_words) >= target and min(en_words, fr_words) >= floor:
                break
        if links_done < n_links and (rng.random() < 0.35 or max(en_words, fr_words) >= target - 60):
            if rng.random() < 0.8:
                tgt = all_items[rng.randrange(len(all_items))]
                if tgt is it:
                    tgt = all_items[0] if it is not all_items[0] else all_items[-1]
                le, lf = rng.choice(LINK_SENTENCES)
                href = "@/" + tgt.key
                e = le.format(t=tgt.title[0], h=href)
                f = lf.format(t=tgt.title[1], h=href)
            else:
                sec = rng.choice(SECTIONS)
                le, lf = rng.choice(SECTION_LINK_SENTENCES)
                href = "@/" + sec[0]
                e = le.format(t=section_titles[sec[0]][0].lower(), h=href)
                f = lf.format(t=section_titles[sec[0]][1], h=href)
            pos = rng.randrange(len(en_s) + 1)
            en_s.insert(pos, e)
            fr_s.insert(pos, f)
            en_words += e.count(" ") + 1
            fr_words += f.count(" ") + 1
            links_done += 1
        en_parts.append(" ".join(en_s))
        fr_parts.append(" ".join(fr_s))
        since_heading += n_sent * 14
        first = False
    return "\n\n".join(en_parts) + "\n", "\n\n".join(fr_parts) + "\n", en_words, fr_words


def short_body(rng: random.Random, n_sent: int) -> tuple[str, str]:
    prose = Prose(rng)
    en_s, fr_s = [], []
    for _ in range(n_sent):
        e, f = prose.sentence("pres", None)
        en_s.append(e)
        fr_s.append(f)
    return " ".join(en_s) + "\n", " ".join(fr_s) + "\n"


# ---------------------------------------------------------------------------
# Front matter.
# ---------------------------------------------------------------------------

def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def qlist(xs) -> str:
    return "[" + ", ".join(q(x) for x in xs) + "]"


def portico_front(it: Item, li: int) -> str:
    img = IMAGES[it.image]
    f = it.fields
    lines = [
        "+++",
        f"title = {q(it.title[li])}",
        f"summary = {q(it.summary[li])}",
        f"date = {it.date.isoformat()}",
        f"tags = {qlist(t[li] for t in it.tags)}",
        f"image = {{ src = \"images/{img[0]}\", alt = {q(img[1 + li])} }}",
    ]
    s = it.section
    if s == "tools":
        lines += [f"kind = {q(f['kind'])}", f"license = {q(f['license'])}",
                  f"version = {q(f['version'])}", f"repository = {q(f['repository'])}",
                  f"released = {f['released'].isoformat()}"]
    elif s == "events":
        lines += [f"kind = {q(f['kind'])}", f"timezone = {q(f['timezone'])}",
                  f"start = {q(f['start'])}", f"end = {q(f['end'])}",
                  f"venue = {q(f['venue'][li])}"]
        if f["location"]:
            lines.append(f"location = {q(f['location'])}")
    elif s == "jobs":
        lines += [f"team = {q(f['team'][li])}", f"posted = {f['posted'].isoformat()}",
                  f"closes = {f['closes'].isoformat()}", f"remote = {q(f['remote'])}",
                  f"employment_type = {q(f['employment_type'][li])}",
                  f"locations = {qlist(f['locations'])}"]
    elif s == "locations":
        lines += [f"kind = {q(f['kind'])}", f"address = {q(f['address'])}",
                  f"city = {q(f['city'][li])}", f"postal_code = {q(f['postal_code'])}",
                  f"country = {q(f['country'])}", f"latitude = {f['latitude']}",
                  f"longitude = {f['longitude']}", f"timezone = {q(f['timezone'])}"]
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def hugo_front(it: Item, li: int, titles_by_key) -> str:
    img = IMAGES[it.image]
    f = it.fields
    lines = [
        "+++",
        f"title = {q(it.title[li])}",
        f"description = {q(it.summary[li])}",
        f"date = {it.date.isoformat()}",
        f"tags = {qlist(t[li] for t in it.tags)}",
        f"image = \"images/{img[0]}\"",
        f"image_alt = {q(img[1 + li])}",
    ]
    s = it.section
    if s == "tools":
        lines += [f"tool_kind = {q(f['kind'])}", f"license = {q(f['license'])}",
                  f"version = {q(f['version'])}", f"repository = {q(f['repository'])}",
                  f"released = {f['released'].isoformat()}"]
    elif s == "events":
        lines += [f"event_kind = {q(f['kind'])}", f"timezone = {q(f['timezone'])}",
                  f"start = {q(f['start'])}", f"end = {q(f['end'])}",
                  f"venue = {q(f['venue'][li])}"]
    elif s == "jobs":
        lines += [f"team = {q(f['team'][li])}", f"posted = {f['posted'].isoformat()}",
                  f"closes = {f['closes'].isoformat()}", f"remote = {q(f['remote'])}",
                  f"employment_type = {q(f['employment_type'][li])}",
                  f"job_locations = {qlist(titles_by_key[k][li] for k in f['locations'])}"]
    elif s == "locations":
        lines += [f"location_kind = {q(f['kind'])}", f"address = {q(f['address'])}",
                  f"city = {q(f['city'][li])}", f"postal_code = {q(f['postal_code'])}",
                  f"country = {q(f['country'])}", f"latitude = {f['latitude']}",
                  f"longitude = {f['longitude']}", f"timezone = {q(f['timezone'])}"]
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def hugo_links(body: str, locale: str) -> str:
    return LINK_RE.sub(lambda m: f"](/{locale}/{m.group(1).strip('/')}/)", body)


# ---------------------------------------------------------------------------
# Static files and configuration.
# ---------------------------------------------------------------------------

def svg_images(seed: int) -> dict[str, str]:
    rng = random.Random(f"{seed}:images")
    W, H = 640, 360
    pal = ["#0b4f5c", "#1f7a8c", "#bfdbf7", "#e1e5f2", "#f4a259", "#5b8e7d", "#8cb369", "#bc4b51"]

    def doc(title, body, bg):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
                f'viewBox="0 0 {W} {H}" role="img"><title>{title}</title>'
                f'<rect width="{W}" height="{H}" fill="{bg}"/>{body}</svg>\n')

    out = {}
    # waves
    b = []
    for row in range(3):
        y0 = 170 + row * 55
        amp = 12 + rng.randint(0, 10)
        pts = " ".join(f"{x},{y0 + amp * math.sin(x / 40 + row):.1f}" for x in range(0, W + 1, 20))
        b.append(f'<polyline points="{pts}" fill="none" stroke="{pal[row]}" stroke-width="10"/>')
    out["waves.svg"] = doc(IMAGES[0][1], "".join(b), "#f2f7fb")
    # mountains
    b = ['<rect y="260" width="640" height="100" fill="#8cb369"/>']
    x = -40
    while x < W:
        w = rng.randint(160, 260)
        h = rng.randint(120, 200)
        b.append(f'<polygon points="{x},260 {x + w // 2},{260 - h} {x + w},260" fill="#5b6c7d"/>')
        b.append(f'<polygon points="{x + w // 2 - 25},{260 - h + 40} {x + w // 2},{260 - h} '
                 f'{x + w // 2 + 25},{260 - h + 40}" fill="#ffffff"/>')
        x += w - 60
    out["mountains.svg"] = doc(IMAGES[1][1], "".join(b), "#dceefb")
    # sensors
    b = []
    nodes = [(60 + i * 104 + rng.randint(-20, 20), 60 + j * 80 + rng.randint(-15, 15))
             for i in range(6) for j in range(4)]
    for (x1, y1), (x2, y2) in zip(nodes, nodes[1:]):
        b.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#1f7a8c" stroke-width="2"/>')
    for x1, y1 in nodes:
        b.append(f'<circle cx="{x1}" cy="{y1}" r="9" fill="#f4a259"/>')
    out["sensors.svg"] = doc(IMAGES[2][1], "".join(b), "#10212b")
    # chart
    b = ['<line x1="60" y1="310" x2="600" y2="310" stroke="#333" stroke-width="3"/>']
    h = 40
    for i in range(8):
        h += rng.randint(10, 35)
        b.append(f'<rect x="{80 + i * 64}" y="{310 - h}" width="40" height="{h}" fill="{pal[1]}"/>')
    out["chart.svg"] = doc(IMAGES[3][1], "".join(b), "#ffffff")
    # river
    b = []
    for i in range(6):
        b.append(f'<rect x="{i * 110}" y="0" width="105" height="360" fill="{pal[5 + i % 2]}"/>')
    pts = " ".join(f"{320 + 90 * math.sin(y / 55):.1f},{y}" for y in range(0, H + 1, 15))
    b.append(f'<polyline points="{pts}" fill="none" stroke="#3d8fd1" stroke-width="26"/>')
    out["river.svg"] = doc(IMAGES[4][1], "".join(b), "#8cb369")
    # city
    b = []
    x = 10
    while x < W:
        w = rng.randint(40, 90)
        h = rng.randint(90, 280)
        b.append(f'<rect x="{x}" y="{360 - h}" width="{w}" height="{h}" fill="#22313f"/>')
        for wy in range(360 - h + 12, 350, 24):
            for wx in range(x + 8, x + w - 10, 16):
                if rng.random() < 0.45:
                    b.append(f'<rect x="{wx}" y="{wy}" width="7" height="10" fill="#f9d77e"/>')
        x += w + 6
    out["city.svg"] = doc(IMAGES[5][1], "".join(b), "#f28f3b")
    # satellite
    b = ['<circle cx="320" cy="420" r="220" fill="#1f7a8c"/>',
         '<ellipse cx="320" cy="300" rx="300" ry="90" fill="none" stroke="#bfdbf7" '
         'stroke-dasharray="8 8" stroke-width="2"/>',
         '<rect x="450" y="120" width="30" height="30" fill="#e1e5f2"/>',
         '<rect x="395" y="127" width="50" height="16" fill="#3d8fd1"/>',
         '<rect x="485" y="127" width="50" height="16" fill="#3d8fd1"/>']
    for _ in range(40):
        b.append(f'<circle cx="{rng.randint(0, W)}" cy="{rng.randint(0, 200)}" r="1.5" fill="#fff"/>')
    out["satellite.svg"] = doc(IMAGES[6][1], "".join(b), "#0a1326")
    # map
    b = []
    for i in range(12):
        y = rng.randint(0, H)
        b.append(f'<line x1="0" y1="{y}" x2="{W}" y2="{y + rng.randint(-80, 80)}" stroke="#ffffff" stroke-width="{rng.choice((4, 8, 12))}"/>')
    b.append('<path d="M320 90 a50 50 0 0 1 50 50 c0 40 -50 100 -50 100 '
             'c0 0 -50 -60 -50 -100 a50 50 0 0 1 50 -50z" fill="#bc4b51"/>')
    b.append('<circle cx="320" cy="140" r="18" fill="#ffffff"/>')
    out["map.svg"] = doc(IMAGES[7][1], "".join(b), "#e3e6d8")
    # sun
    b = ['<circle cx="470" cy="110" r="70" fill="#f4a259"/>']
    for i in range(7):
        y = 230 + i * 20
        b.append(f'<line x1="0" y1="{y}" x2="640" y2="{y}" stroke="#5b8e7d" stroke-width="9"/>')
    out["sun.svg"] = doc(IMAGES[8][1], "".join(b), "#fff4d6")
    # workshop
    b = ['<rect x="170" y="180" width="300" height="90" rx="12" fill="#a0522d"/>']
    for cx, cy in ((200, 140), (290, 130), (380, 130), (450, 140)):
        b.append(f'<circle cx="{cx}" cy="{cy}" r="26" fill="{rng.choice(pal[4:])}"/>')
        b.append(f'<rect x="{cx - 30}" y="{cy + 30}" width="60" height="40" rx="18" fill="{pal[1]}"/>')
    out["workshop.svg"] = doc(IMAGES[9][1], "".join(b), "#f7f3ee")
    out["logo.svg"] = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40" viewBox="0 0 180 40" '
        'role="img"><title>Aldercrest</title>'
        '<polygon points="4,34 20,6 36,34" fill="#0b4f5c"/>'
        '<text x="44" y="28" font-family="sans-serif" font-size="20" fill="#0b4f5c">Aldercrest</text>'
        '</svg>\n')
    return out


def portico_site_toml() -> str:
    out = [
        f'name = "{ORG}"',
        f'base_url = "{BASE_URL}"',
        'default_locale = "en"',
        f'logo = {{ src = "images/logo.svg", alt = "{ORG}" }}',
        f'copyright = {{ en = "© 2026 {ORG}", fr = "© 2026 {ORG}" }}',
        "",
        "[locales.en]",
        'name = "English"',
        "",
        "[locales.fr]",
        'name = "Français"',
        'fallback = ["en"]',
        "",
    ]
    for key, *_ in SECTIONS:
        out += ["[[menu]]", f'page = "{key}"', ""]
    for heading, keys in FOOTER:
        links = ", ".join(f'{{ page = "{k}" }}' for k in keys)
        out += ["[[footer]]", f'heading = {{ en = "{heading[0]}", fr = "{heading[1]}" }}',
                f"links = [{links}]", ""]
    out += ["[[footer]]", 'heading = { en = "Elsewhere", fr = "Ailleurs" }', "links = ["]
    for label, url in EXTERNAL_LINKS:
        out.append(f'  {{ label = {{ en = "{label[0]}", fr = "{label[1]}" }}, url = "{url}" }},')
    out += ["]", ""]
    return "\n".join(out)


FOOTER = [
    (("Explore", "Découvrir"), ["stories", "tools", "events"]),
    (("Organization", "Organisation"), ["jobs", "locations"]),
]
EXTERNAL_LINKS = [
    (("Source code", "Code source"), "https://code.aldercrest.example/"),
    (("Annual report", "Rapport annuel"), "https://report.aldercrest.example/"),
]


def hugo_config(section_titles) -> str:
    out = [
        f'baseURL = "{BASE_URL}/"',
        f'title = "{ORG}"',
        'defaultContentLanguage = "en"',
        "defaultContentLanguageInSubdir = true",
        "buildFuture = true",
        "# Portico renders no tag pages and no feeds; keep the two builds comparable.",
        'disableKinds = ["taxonomy", "term", "RSS"]',
        "",
        "[markup.goldmark.renderer]",
        "unsafe = false",
        "",
    ]
    for li, (code, name, weight) in enumerate((("en", "English", 1), ("fr", "Français", 2))):
        out += [
            f"[languages.{code}]",
            f'languageName = "{name}"',
            f'contentDir = "content/{code}"',
            f"weight = {weight}",
            f'title = "{ORG}"',
            "",
            f"[languages.{code}.params]",
            f'copyright = "© 2026 {ORG}"',
            "",
        ]
        for heading, keys in FOOTER:
            out += [f"[[languages.{code}.params.footer]]", f"heading = {q(heading[li])}",
                    "links = [" + ", ".join(
                        f"{{ label = {q(section_titles[k][li])}, url = \"/{code}/{k}/\" }}"
                        for k in keys) + "]", ""]
        out += [f"[[languages.{code}.params.footer]]", f"heading = {q(('Elsewhere', 'Ailleurs')[li])}",
                "links = [" + ", ".join(f"{{ label = {q(label[li])}, url = \"{url}\" }}"
                                        for label, url in EXTERNAL_LINKS) + "]", ""]
    return "\n".join(out)


HUGO_I18N = {
    "en": {"latest": "Latest stories", "read_more": "Read more", "previous": "Previous",
           "next": "Next", "starts": "Starts", "ends": "Ends", "venue": "Venue", "team": "Team",
           "posted": "Posted", "closes": "Closes", "locations": "Locations", "license": "License",
           "version": "Version", "repository": "Repository", "address": "Address",
           "timezone": "Time zone", "published": "Published", "tags": "Tags", "page": "Page",
           "menu": "Main menu", "languages": "Languages", "not_found": "Page not found"},
    "fr": {"latest": "Dernières actualités", "read_more": "Lire la suite", "previous": "Précédent",
           "next": "Suivant", "starts": "Début", "ends": "Fin", "venue": "Lieu", "team": "Équipe",
           "posted": "Publiée le", "closes": "Clôture", "locations": "Lieux", "license": "Licence",
           "version": "Version", "repository": "Dépôt", "address": "Adresse",
           "timezone": "Fuseau horaire", "published": "Publié le", "tags": "Mots-clés", "page": "Page",
           "menu": "Menu principal", "languages": "Langues", "not_found": "Page introuvable"},
}

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
</head>
<body>
<header class="site-header">
  <a class="logo" href="{{ site.Home.RelPermalink }}"><img src="{{ "images/logo.svg" | relURL }}" alt="{{ site.Title }}" width="180" height="40"></a>
  <nav aria-label="{{ i18n "menu" }}">
    <ul>
    {{ $current := . }}
    {{ range site.Home.Sections.ByWeight }}
      <li><a href="{{ .RelPermalink }}"{{ if or (eq $current .) ($current.IsDescendant .) }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
    {{ end }}
    </ul>
  </nav>
  {{ with .Translations }}
  <nav class="languages" aria-label="{{ i18n "languages" }}">
    {{ range . }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
  </nav>
  {{ end }}
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="columns">
  {{ range site.Params.footer }}
    <section>
      <h2>{{ .heading }}</h2>
      <ul>{{ range .links }}<li><a href="{{ .url }}">{{ .label }}</a></li>{{ end }}</ul>
    </section>
  {{ end }}
  </div>
  <p class="copyright">{{ site.Params.copyright }}</p>
</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article class="item">
  <header>
    <h1>{{ .Title }}</h1>
    {{ with .Description }}<p class="summary">{{ . }}</p>{{ end }}
    <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ time.Format ":date_long" .Date }}</time>
    {{ with .Params.tags }} · {{ delimit . ", " }}{{ end }}</p>
  </header>
  {{ with .Params.image }}<img class="hero" src="{{ . | relURL }}" alt="{{ $.Params.image_alt }}" width="640" height="360">{{ end }}
  {{ partial "fields.html" . }}
  <div class="content">
  {{ .Content }}
  </div>
</article>
{{ end }}
""",
    "partials/fields.html": """{{ $p := .Params }}
{{ if or $p.start $p.team $p.license $p.address }}
<dl class="fields">
  {{ with $p.start }}<dt>{{ i18n "starts" }}</dt><dd>{{ . }} ({{ $p.timezone }})</dd>{{ end }}
  {{ with $p.end }}<dt>{{ i18n "ends" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.venue }}<dt>{{ i18n "venue" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.team }}<dt>{{ i18n "team" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.job_locations }}<dt>{{ i18n "locations" }}</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
  {{ with $p.posted }}<dt>{{ i18n "posted" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.closes }}<dt>{{ i18n "closes" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.license }}<dt>{{ i18n "license" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.version }}<dt>{{ i18n "version" }}</dt><dd>{{ . }}</dd>{{ end }}
  {{ with $p.repository }}<dt>{{ i18n "repository" }}</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
  {{ with $p.address }}<dt>{{ i18n "address" }}</dt><dd>{{ . }}, {{ $p.postal_code }} {{ $p.city }}, {{ $p.country }}</dd>
  <dt>{{ i18n "timezone" }}</dt><dd>{{ $p.timezone }}</dd>{{ end }}
</dl>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<section class="section">
  <h1>{{ .Title }}</h1>
  {{ with .Description }}<p class="summary">{{ . }}</p>{{ end }}
  <div class="content">{{ .Content }}</div>
  {{ $pager := .Paginate .Pages 20 }}
  <ul class="cards">
  {{ range $pager.Pages }}
    {{ partial "card.html" . }}
  {{ end }}
  </ul>
  {{ if gt $pager.TotalPages 1 }}
  <nav class="pager" aria-label="{{ i18n "page" }}">
    {{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">{{ i18n "previous" }}</a>{{ end }}
    <span>{{ i18n "page" }} {{ $pager.PageNumber }} / {{ $pager.TotalPages }}</span>
    {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">{{ i18n "next" }}</a>{{ end }}
  </nav>
  {{ end }}
</section>
{{ end }}
""",
    "partials/card.html": """<li class="card">
  {{ with .Params.image }}<img src="{{ . | relURL }}" alt="{{ $.Params.image_alt }}" width="320" height="180" loading="lazy">{{ end }}
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ time.Format ":date_long" .Date }}</time></p>
  {{ with .Description }}<p>{{ . }}</p>{{ end }}
</li>
""",
    "index.html": """{{ define "main" }}
<section class="hero">
  <h1>{{ .Params.hero_heading }}</h1>
  <p>{{ .Params.hero_text }}</p>
  {{ with .Params.hero_image }}<img src="{{ . | relURL }}" alt="{{ $.Params.hero_alt }}" width="640" height="360">{{ end }}
  {{ with site.GetPage "/stories" }}<p><a class="cta" href="{{ .RelPermalink }}">{{ $.Params.cta_label }}</a></p>{{ end }}
</section>
<section class="latest">
  <h2>{{ i18n "latest" }}</h2>
  <ul class="cards">
  {{ range first 10 (where site.RegularPages "Section" "stories").ByDate.Reverse }}
    {{ partial "card.html" . }}
  {{ end }}
  </ul>
</section>
<div class="content">{{ .Content }}</div>
{{ end }}
""",
    "404.html": """{{ define "main" }}
<h1>{{ i18n "not_found" }}</h1>
<p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
{{ end }}
""",
}

HUGO_CSS = """:root { --ink: #1b2a33; --accent: #0b4f5c; --muted: #5d6b73; --line: #d9e1e6; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 system-ui, sans-serif; color: var(--ink); }
a { color: var(--accent); }
.site-header { display: flex; flex-wrap: wrap; align-items: center; gap: 1.5rem;
  padding: .75rem 2rem; border-bottom: 1px solid var(--line); }
.site-header ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-header nav a { text-decoration: none; font-weight: 600; }
.site-header a[aria-current] { border-bottom: 3px solid var(--accent); }
.languages { margin-left: auto; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem; }
.item { max-width: 46rem; margin: 0 auto; }
.hero img, .item img.hero { width: 100%; height: auto; border-radius: 6px; }
.summary { font-size: 1.2rem; color: var(--muted); }
.meta { color: var(--muted); font-size: .9rem; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.fields dt { font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
  gap: 1.5rem; list-style: none; padding: 0; }
.card img { width: 100%; height: auto; border-radius: 4px; }
.card h2 { font-size: 1.1rem; margin: .5rem 0 .25rem; }
.pager { display: flex; gap: 1rem; justify-content: center; margin: 2rem 0; }
.cta { display: inline-block; padding: .6rem 1.2rem; background: var(--accent); color: #fff;
  border-radius: 4px; text-decoration: none; }
.site-footer { background: #f3f6f8; padding: 2rem; margin-top: 3rem; }
.site-footer .columns { display: flex; flex-wrap: wrap; gap: 3rem; max-width: 72rem; margin: 0 auto; }
.site-footer h2 { font-size: 1rem; }
.site-footer ul { list-style: none; padding: 0; }
.copyright { text-align: center; color: var(--muted); font-size: .85rem; }
"""

HOME = {
    "title": (ORG, ORG),
    "summary": ("Aldercrest builds sensors, open data and research tools for a changing climate.",
                "Aldercrest conçoit des capteurs, des données ouvertes et des outils de recherche "
                "pour un climat qui change."),
    "hero_heading": ("Research and tools for a changing climate",
                     "Recherche et outils pour un climat qui change"),
    "hero_text": ("We measure rivers, coasts and cities, and we publish what we learn.",
                  "Nous mesurons les rivières, les côtes et les villes, et nous publions ce que "
                  "nous apprenons."),
    "cta": ("Read our stories", "Lire nos actualités"),
    "latest": ("Latest stories", "Dernières actualités"),
}


# ---------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------

def write(path: str, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)


def generate(n_pages: int, seed: int, out: str) -> dict:
    t0 = time.perf_counter()
    portico = os.path.join(out, "portico")
    hugo = os.path.join(out, "hugo")
    for d in (portico, hugo):
        if os.path.exists(d):
            shutil.rmtree(d)
    plan = plan_site(n_pages, seed)
    all_items = [it for sec in plan.values() for it in sec]
    titles_by_key = {it.key: it.title for it in all_items}
    section_titles = {s[0]: (s[3], s[4]) for s in SECTIONS}

    for li, loc in enumerate(LOCALES):
        for key, *_ in SECTIONS:
            os.makedirs(os.path.join(portico, "content", loc, key))
            os.makedirs(os.path.join(hugo, "content", loc, key))
    for d in (os.path.join(portico, "static", "images"), os.path.join(hugo, "static", "images"),
              os.path.join(hugo, "static", "css"), os.path.join(hugo, "layouts", "_default"),
              os.path.join(hugo, "layouts", "partials"), os.path.join(hugo, "i18n")):
        os.makedirs(d, exist_ok=True)

    stats = {"files": 0, "bytes": 0, "min_words": 10**9, "max_words": 0, "words": 0, "pages": 0}

    def emit(path, text):
        stats["bytes"] += write(path, text)
        stats["files"] += 1

    # Static files, configuration, theme.
    for name, svg in svg_images(seed).items():
        emit(os.path.join(portico, "static", "images", name), svg)
        emit(os.path.join(hugo, "static", "images", name), svg)
    emit(os.path.join(portico, "site.toml"), portico_site_toml())
    emit(os.path.join(hugo, "hugo.toml"), hugo_config(section_titles))
    emit(os.path.join(hugo, "static", "css", "site.css"), HUGO_CSS)
    for name, text in HUGO_LAYOUTS.items():
        emit(os.path.join(hugo, "layouts", name), text)
    for loc, strings in HUGO_I18N.items():
        emit(os.path.join(hugo, "i18n", loc + ".toml"),
             "".join(f"{k} = {q(v)}\n" for k, v in strings.items()))

    # Home pages.
    rng = random.Random(f"{seed}:home")
    home_en, home_fr = short_body(rng, 8)
    img = IMAGES[0]
    for li, loc in enumerate(LOCALES):
        body = (home_en, home_fr)[li]
        emit(os.path.join(portico, "content", loc, "_index.md"), "\n".join([
            "+++",
            f"title = {q(HOME['title'][li])}",
            f"summary = {q(HOME['summary'][li])}",
            "",
            "[[blocks]]",
            'type = "hero"',
            f"heading = {q(HOME['hero_heading'][li])}",
            f"text = {q(HOME['hero_text'][li])}",
            f'image = {{ src = "images/{img[0]}", alt = {q(img[1 + li])} }}',
            f"cta = {{ label = {q(HOME['cta'][li])}, href = \"@/stories\" }}",
            "",
            "[[blocks]]",
            'type = "cards"',
            f"heading = {q(HOME['latest'][li])}",
            'section = "stories"',
            "limit = 10",
            "+++",
            "",
            body,
        ]))
        emit(os.path.join(hugo, "content", loc, "_index.md"), "\n".join([
            "+++",
            f"title = {q(HOME['title'][li])}",
            f"description = {q(HOME['summary'][li])}",
            f"hero_heading = {q(HOME['hero_heading'][li])}",
            f"hero_text = {q(HOME['hero_text'][li])}",
            f'hero_image = "images/{img[0]}"',
            f"hero_alt = {q(img[1 + li])}",
            f"cta_label = {q(HOME['cta'][li])}",
            "+++",
            "",
            body,
        ]))

    # Section index pages.
    for key, _share, weight, t_en, t_fr, s_en, s_fr in SECTIONS:
        rng = random.Random(f"{seed}:section:{key}")
        b_en, b_fr = short_body(rng, rng.randint(4, 7))
        for li, loc in enumerate(LOCALES):
            title = (t_en, t_fr)[li]
            summary = (s_en, s_fr)[li]
            body = (b_en, b_fr)[li]
            emit(os.path.join(portico, "content", loc, key, "_index.md"),
                 f"+++\ntitle = {q(title)}\nsummary = {q(summary)}\nweight = {weight}\n+++\n\n{body}")
            emit(os.path.join(hugo, "content", loc, key, "_index.md"),
                 f"+++\ntitle = {q(title)}\ndescription = {q(summary)}\nweight = {weight}\n+++\n\n"
                 f"{hugo_links(body, loc)}")

    # Items.
    for it in all_items:
        en, fr, we, wf = build_body(it, all_items, section_titles)
        for li, loc in enumerate(LOCALES):
            body = (en, fr)[li]
            name = it.slug + ".md"
            emit(os.path.join(portico, "content", loc, it.section, name),
                 portico_front(it, li) + body)
            emit(os.path.join(hugo, "content", loc, it.section, name),
                 hugo_front(it, li, titles_by_key) + hugo_links(body, loc))
        for w in (we, wf):
            stats["min_words"] = min(stats["min_words"], w)
            stats["max_words"] = max(stats["max_words"], w)
            stats["words"] += w
            stats["pages"] += 1

    stats["seconds"] = time.perf_counter() - t0
    stats["counts"] = {k: len(v) for k, v in plan.items()}
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True,
                    help="content pages per locale, besides the home page and section pages (>= 20)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", required=True,
                    help="output folder; OUT/portico and OUT/hugo are replaced")
    ap.add_argument("--quiet", action="store_true", help="print nothing")
    args = ap.parse_args(argv)
    if args.pages < 20:
        ap.error("--pages must be at least 20")
    stats = generate(args.pages, args.seed, args.out)
    if not args.quiet:
        counts = ", ".join(f"{k} {v}" for k, v in stats["counts"].items())
        print(f"{args.out}: {args.pages} pages per locale ({counts}) + home + {len(SECTIONS)} "
              f"section pages, 2 locales, 2 outputs; {stats['files']} files, "
              f"{stats['bytes'] / 1e6:.1f} MB in {stats['seconds']:.1f} s; "
              f"words per page {stats['min_words']}-{stats['max_words']} "
              f"(mean {stats['words'] / max(1, stats['pages']):.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
