// Real places per locale, so that one row's city, region, postal code, country and coordinates agree:
// [city, region, region code (ISO 3166-2 subdivision), postal code pattern, latitude, longitude].
// Lists run from the largest city down; the place picker favours the top of the list, as real customer
// data does. Postal code patterns: `#` any digit, `!` a digit 2-9, `?` a letter; `|` separates
// alternatives. The first two digits (first letters in the UK) are the real ones of the city's area.
export type PlaceRow = [string, string, string, string, number, number];

export interface CountryPlaces {
  country: string;
  countryCode: string;
  places: PlaceRow[];
}

const US: PlaceRow[] = [
  ["New York", "New York", "NY", "100##", 40.7128, -74.006],
  ["Los Angeles", "California", "CA", "900##", 34.0522, -118.2437],
  ["Chicago", "Illinois", "IL", "606##", 41.8781, -87.6298],
  ["Houston", "Texas", "TX", "770##", 29.7604, -95.3698],
  ["Phoenix", "Arizona", "AZ", "850##", 33.4484, -112.074],
  ["Philadelphia", "Pennsylvania", "PA", "191##", 39.9526, -75.1652],
  ["San Antonio", "Texas", "TX", "782##", 29.4241, -98.4936],
  ["San Diego", "California", "CA", "921##", 32.7157, -117.1611],
  ["Dallas", "Texas", "TX", "752##", 32.7767, -96.797],
  ["Austin", "Texas", "TX", "787##", 30.2672, -97.7431],
  ["Jacksonville", "Florida", "FL", "322##", 30.3322, -81.6557],
  ["Columbus", "Ohio", "OH", "432##", 39.9612, -82.9988],
  ["Charlotte", "North Carolina", "NC", "282##", 35.2271, -80.8431],
  ["Indianapolis", "Indiana", "IN", "462##", 39.7684, -86.1581],
  ["Seattle", "Washington", "WA", "981##", 47.6062, -122.3321],
  ["Denver", "Colorado", "CO", "802##", 39.7392, -104.9903],
  ["Boston", "Massachusetts", "MA", "021##", 42.3601, -71.0589],
  ["Nashville", "Tennessee", "TN", "372##", 36.1627, -86.7816],
  ["Portland", "Oregon", "OR", "972##", 45.5152, -122.6784],
  ["Las Vegas", "Nevada", "NV", "891##", 36.1699, -115.1398],
  ["Detroit", "Michigan", "MI", "482##", 42.3314, -83.0458],
  ["Atlanta", "Georgia", "GA", "303##", 33.749, -84.388],
  ["Miami", "Florida", "FL", "331##", 25.7617, -80.1918],
  ["Minneapolis", "Minnesota", "MN", "554##", 44.9778, -93.265],
  ["Kansas City", "Missouri", "MO", "641##", 39.0997, -94.5786],
  ["Salt Lake City", "Utah", "UT", "841##", 40.7608, -111.891],
  ["Milwaukee", "Wisconsin", "WI", "532##", 43.0389, -87.9065],
  ["Albuquerque", "New Mexico", "NM", "871##", 35.0844, -106.6504],
  ["Baltimore", "Maryland", "MD", "212##", 39.2904, -76.6122],
  ["Raleigh", "North Carolina", "NC", "276##", 35.7796, -78.6382],
];

const GB: PlaceRow[] = [
  ["London", "England", "ENG", "SW! #??|E! #??|N! #??|SE! #??", 51.5072, -0.1276],
  ["Birmingham", "England", "ENG", "B! #??", 52.4862, -1.8904],
  ["Manchester", "England", "ENG", "M! #??", 53.4808, -2.2426],
  ["Leeds", "England", "ENG", "LS! #??", 53.8008, -1.5491],
  ["Glasgow", "Scotland", "SCT", "G! #??", 55.8642, -4.2518],
  ["Liverpool", "England", "ENG", "L! #??", 53.4084, -2.9916],
  ["Sheffield", "England", "ENG", "S! #??", 53.3811, -1.4701],
  ["Edinburgh", "Scotland", "SCT", "EH! #??", 55.9533, -3.1883],
  ["Bristol", "England", "ENG", "BS! #??", 51.4545, -2.5879],
  ["Cardiff", "Wales", "WLS", "CF1# #??", 51.4816, -3.1791],
  ["Leicester", "England", "ENG", "LE! #??", 52.6369, -1.1398],
  ["Coventry", "England", "ENG", "CV! #??", 52.4068, -1.5197],
  ["Nottingham", "England", "ENG", "NG! #??", 52.9548, -1.1581],
  ["Newcastle upon Tyne", "England", "ENG", "NE! #??", 54.9783, -1.6178],
  ["Belfast", "Northern Ireland", "NIR", "BT! #??", 54.5973, -5.9301],
  ["Brighton", "England", "ENG", "BN! #??", 50.8225, -0.1372],
  ["Southampton", "England", "ENG", "SO1! #??", 50.9097, -1.4044],
  ["Plymouth", "England", "ENG", "PL! #??", 50.3755, -4.1427],
  ["Reading", "England", "ENG", "RG! #??", 51.4543, -0.9781],
  ["Aberdeen", "Scotland", "SCT", "AB1# #??", 57.1497, -2.0943],
  ["Norwich", "England", "ENG", "NR! #??", 52.6309, 1.2974],
  ["Swansea", "Wales", "WLS", "SA! #??", 51.6214, -3.9436],
  ["Oxford", "England", "ENG", "OX! #??", 51.752, -1.2577],
  ["Cambridge", "England", "ENG", "CB! #??", 52.2053, 0.1218],
  ["York", "England", "ENG", "YO! #??", 53.96, -1.0873],
  ["Dundee", "Scotland", "SCT", "DD! #??", 56.462, -2.9707],
  ["Derry", "Northern Ireland", "NIR", "BT4! #??", 54.9966, -7.3086],
];

const DE: PlaceRow[] = [
  ["Berlin", "Berlin", "BE", "104##|107##|120##|130##", 52.52, 13.405],
  ["Hamburg", "Hamburg", "HH", "200##|221##|227##", 53.5511, 9.9937],
  ["München", "Bayern", "BY", "803##|806##|816##", 48.1351, 11.582],
  ["Köln", "Nordrhein-Westfalen", "NW", "506##|509##|510##", 50.9375, 6.9603],
  ["Frankfurt am Main", "Hessen", "HE", "603##|604##|605##", 50.1109, 8.6821],
  ["Stuttgart", "Baden-Württemberg", "BW", "701##|703##|705##", 48.7758, 9.1829],
  ["Düsseldorf", "Nordrhein-Westfalen", "NW", "402##|404##|405##", 51.2277, 6.7735],
  ["Leipzig", "Sachsen", "SN", "041##|042##|043##", 51.3397, 12.3731],
  ["Dortmund", "Nordrhein-Westfalen", "NW", "441##|443##", 51.5136, 7.4653],
  ["Essen", "Nordrhein-Westfalen", "NW", "451##|452##", 51.4556, 7.0116],
  ["Bremen", "Bremen", "HB", "281##|282##|283##", 53.0793, 8.8017],
  ["Dresden", "Sachsen", "SN", "010##|011##|012##", 51.0504, 13.7373],
  ["Hannover", "Niedersachsen", "NI", "301##|304##|306##", 52.3759, 9.732],
  ["Nürnberg", "Bayern", "BY", "904##", 49.4521, 11.0767],
  ["Bielefeld", "Nordrhein-Westfalen", "NW", "336##", 52.0302, 8.5325],
  ["Bonn", "Nordrhein-Westfalen", "NW", "531##", 50.7374, 7.0982],
  ["Münster", "Nordrhein-Westfalen", "NW", "481##", 51.9607, 7.6261],
  ["Mannheim", "Baden-Württemberg", "BW", "681##|682##", 49.4875, 8.466],
  ["Karlsruhe", "Baden-Württemberg", "BW", "761##|762##", 49.0069, 8.4037],
  ["Augsburg", "Bayern", "BY", "861##", 48.3705, 10.8978],
  ["Wiesbaden", "Hessen", "HE", "651##|652##", 50.0782, 8.2398],
  ["Kiel", "Schleswig-Holstein", "SH", "241##", 54.3233, 10.1228],
  ["Mainz", "Rheinland-Pfalz", "RP", "551##", 49.9929, 8.2473],
  ["Freiburg im Breisgau", "Baden-Württemberg", "BW", "791##", 47.999, 7.8421],
  ["Rostock", "Mecklenburg-Vorpommern", "MV", "180##|181##", 54.0924, 12.0991],
  ["Erfurt", "Thüringen", "TH", "990##", 50.9848, 11.0299],
  ["Magdeburg", "Sachsen-Anhalt", "ST", "391##", 52.1205, 11.6276],
  ["Potsdam", "Brandenburg", "BB", "144##", 52.3906, 13.0645],
  ["Saarbrücken", "Saarland", "SL", "661##", 49.2402, 6.9969],
  ["Regensburg", "Bayern", "BY", "930##", 49.0134, 12.1016],
];

const FR: PlaceRow[] = [
  ["Paris", "Île-de-France", "IDF", "7500#|7501#", 48.8566, 2.3522],
  ["Marseille", "Provence-Alpes-Côte d'Azur", "PAC", "1300#|1301#", 43.2965, 5.3698],
  ["Lyon", "Auvergne-Rhône-Alpes", "ARA", "6900#", 45.764, 4.8357],
  ["Toulouse", "Occitanie", "OCC", "31#00", 43.6047, 1.4442],
  ["Nice", "Provence-Alpes-Côte d'Azur", "PAC", "06#00", 43.7102, 7.262],
  ["Nantes", "Pays de la Loire", "PDL", "44#00", 47.2184, -1.5536],
  ["Montpellier", "Occitanie", "OCC", "34#00", 43.6108, 3.8767],
  ["Strasbourg", "Grand Est", "GES", "67#00", 48.5734, 7.7521],
  ["Bordeaux", "Nouvelle-Aquitaine", "NAQ", "33#00", 44.8378, -0.5792],
  ["Lille", "Hauts-de-France", "HDF", "59#00", 50.6292, 3.0573],
  ["Rennes", "Bretagne", "BRE", "35#00", 48.1173, -1.6778],
  ["Reims", "Grand Est", "GES", "51#00", 49.2583, 4.0317],
  ["Toulon", "Provence-Alpes-Côte d'Azur", "PAC", "83#00", 43.1242, 5.928],
  ["Saint-Étienne", "Auvergne-Rhône-Alpes", "ARA", "42#00", 45.4397, 4.3872],
  ["Le Havre", "Normandie", "NOR", "76#00", 49.4944, 0.1079],
  ["Grenoble", "Auvergne-Rhône-Alpes", "ARA", "38#00", 45.1885, 5.7245],
  ["Dijon", "Bourgogne-Franche-Comté", "BFC", "21#00", 47.322, 5.0415],
  ["Angers", "Pays de la Loire", "PDL", "49#00", 47.4784, -0.5632],
  ["Nîmes", "Occitanie", "OCC", "30#00", 43.8367, 4.3601],
  ["Clermont-Ferrand", "Auvergne-Rhône-Alpes", "ARA", "63#00", 45.7772, 3.087],
  ["Tours", "Centre-Val de Loire", "CVL", "37#00", 47.3941, 0.6848],
  ["Limoges", "Nouvelle-Aquitaine", "NAQ", "87#00", 45.8336, 1.2611],
  ["Amiens", "Hauts-de-France", "HDF", "80#00", 49.894, 2.2958],
  ["Metz", "Grand Est", "GES", "57#00", 49.1193, 6.1757],
  ["Besançon", "Bourgogne-Franche-Comté", "BFC", "25#00", 47.2378, 6.0241],
  ["Orléans", "Centre-Val de Loire", "CVL", "45#00", 47.9029, 1.9093],
  ["Rouen", "Normandie", "NOR", "76#00", 49.4432, 1.0999],
  ["Caen", "Normandie", "NOR", "14#00", 49.1829, -0.3707],
  ["Brest", "Bretagne", "BRE", "29#00", 48.3904, -4.4861],
  ["Ajaccio", "Corse", "COR", "20#00", 41.9192, 8.7386],
];

const ES: PlaceRow[] = [
  ["Madrid", "Comunidad de Madrid", "MD", "280##", 40.4168, -3.7038],
  ["Barcelona", "Cataluña", "CT", "080##", 41.3874, 2.1686],
  ["Valencia", "Comunidad Valenciana", "VC", "460##", 39.4699, -0.3763],
  ["Sevilla", "Andalucía", "AN", "410##", 37.3891, -5.9845],
  ["Zaragoza", "Aragón", "AR", "500##", 41.6488, -0.8891],
  ["Málaga", "Andalucía", "AN", "290##", 36.7213, -4.4214],
  ["Murcia", "Región de Murcia", "MC", "300##", 37.9922, -1.1307],
  ["Palma", "Islas Baleares", "IB", "070##", 39.5696, 2.6502],
  ["Las Palmas de Gran Canaria", "Canarias", "CN", "350##", 28.1235, -15.4363],
  ["Bilbao", "País Vasco", "PV", "480##", 43.263, -2.935],
  ["Alicante", "Comunidad Valenciana", "VC", "030##", 38.3452, -0.481],
  ["Córdoba", "Andalucía", "AN", "140##", 37.8882, -4.7794],
  ["Valladolid", "Castilla y León", "CL", "470##", 41.6523, -4.7245],
  ["Vigo", "Galicia", "GA", "362##", 42.2406, -8.7207],
  ["Gijón", "Principado de Asturias", "AS", "332##", 43.5322, -5.6611],
  ["A Coruña", "Galicia", "GA", "150##", 43.3623, -8.4115],
  ["Granada", "Andalucía", "AN", "180##", 37.1773, -3.5986],
  ["Vitoria-Gasteiz", "País Vasco", "PV", "010##", 42.8467, -2.6716],
  ["Oviedo", "Principado de Asturias", "AS", "330##", 43.3614, -5.8593],
  ["Santa Cruz de Tenerife", "Canarias", "CN", "380##", 28.4636, -16.2518],
  ["Pamplona", "Navarra", "NC", "310##", 42.8125, -1.6458],
  ["Santander", "Cantabria", "CB", "390##", 43.4623, -3.81],
  ["San Sebastián", "País Vasco", "PV", "200##", 43.3183, -1.9812],
  ["Logroño", "La Rioja", "RI", "260##", 42.4627, -2.445],
  ["Badajoz", "Extremadura", "EX", "060##", 38.8794, -6.9707],
  ["Salamanca", "Castilla y León", "CL", "370##", 40.9701, -5.6635],
  ["Toledo", "Castilla-La Mancha", "CM", "450##", 39.8628, -4.0273],
  ["Cádiz", "Andalucía", "AN", "110##", 36.527, -6.2886],
];

/** The places of a faker locale code (en, en_US, en_GB, de, fr, es), or undefined. */
export function countryPlaces(code: string): CountryPlaces | undefined {
  switch (code) {
    case "en": case "en_US": return { country: "United States", countryCode: "US", places: US };
    case "en_GB": return { country: "United Kingdom", countryCode: "GB", places: GB };
    case "de": case "de_DE": return { country: "Deutschland", countryCode: "DE", places: DE };
    case "fr": case "fr_FR": return { country: "France", countryCode: "FR", places: FR };
    case "es": return { country: "España", countryCode: "ES", places: ES };
    default: return undefined;
  }
}
