/**
 * Place names (1829) in English and French, as usually written (capitalised, with accents):
 * countries, continents and regions, US states, Canadian provinces, French regions and
 * départements, and the main cities of France, Belgium, Switzerland, Québec, North Africa and the
 * world. '|' separated; multi-word names keep their spaces. Compiled for this project from general
 * geographic knowledge (a list of facts, not copied from a file).
 */
export const PLACES =
  'Chad|Tchad|' +
  'Aberdeen|Abidjan|Abu Dhabi|Addis Ababa|Addis-Abeba|Adelaide|Afghanistan|Africa|Afrique|' +
  'Afrique du Sud|Agadir|Agen|Ain|Aisne|Aix|Aix-en-Provence|Ajaccio|Alabama|Alaska|Albania|Albanie|' +
  'Alberta|Albi|Albuquerque|Alep|Aleppo|Alexandria|Alexandrie|Alger|Algeria|Algiers|Algérie|Allemagne|' +
  'Allier|Alpes|Alpes-Maritimes|Alsace|America|Amiens|Amsterdam|Amérique|Amérique du Nord|' +
  'Amérique du Sud|Amérique latine|Anchorage|Andalousie|Andalusia|Andorra|Andorre|Angers|Anglet|' +
  'Angleterre|Angola|Angoulême|Anjou|Ankara|Annaba|Annecy|Antananarivo|Antarctica|Antarctique|Antibes|' +
  'Antilles|Antwerp|Anvers|Aquitaine|Arabie saoudite|Ardennes|Ardèche|Argenteuil|Argentina|Argentine|' +
  'Arizona|Ariège|Arkansas|Arles|Armenia|Arménie|Arras|Asia|Asie|Athens|Athènes|Atlanta|Aubagne|' +
  'Aubervilliers|Auch|Auckland|Aude|Aurillac|Austin|Australia|Australie|Austria|Autriche|Auvergne|' +
  'Auxerre|Aveyron|Avignon|Azerbaijan|Azerbaïdjan|Bagdad|Baghdad|Bahamas|Bahrain|Bahreïn|Balkans|' +
  'Baltimore|Bamako|Bangalore|Bangkok|Bangladesh|Barcelona|Barcelone|Bas-Rhin|Basel|Bastia|Bath|' +
  'Bavaria|Bavière|Bayonne|Beauce|Beauvais|Beijing|Beirut|Belarus|Belfast|Belfort|Belgique|Belgium|' +
  'Benin|Bergerac|Berlin|Bern|Berne|Berry|Besançon|Beyrouth|Bhutan|Biarritz|Birmanie|Birmingham|' +
  'Biélorussie|Blois|Bobigny|Bogota|Bogotá|Bolivia|Bolivie|Bombay|Bordeaux|Bosnia|' +
  'Bosnia and Herzegovina|Bosnie|Bosnie-Herzégovine|Boston|Botswana|Bouches-du-Rhône|' +
  'Boulogne-Billancourt|Boulogne-sur-Mer|Bourges|Bourgogne|Brazil|Brazzaville|Brest|Bretagne|Brighton|' +
  'Brisbane|Bristol|Britain|British Columbia|Brittany|Brive|Bron|Bronx|Brooklyn|Bruges|Brussels|' +
  'Bruxelles|Bruxelles-Capitale|Brésil|Budapest|Buenos Aires|Buffalo|Bulgaria|Bulgarie|Burkina Faso|' +
  'Burundi|Bâle|Bénin|Béziers|Cachemire|Caen|Cahors|Cairo|Calais|Calcutta|Calgary|California|' +
  'Californie|Calvados|Camargue|Cambodge|Cambodia|Cambridge|Cameroon|Cameroun|Canada|Cannes|Cantal|' +
  'Cap-Vert|Cape Town|Cape Verde|Caracas|Caraïbes|Carcassonne|Cardiff|Caribbean|Caroline du Nord|' +
  'Caroline du Sud|Casablanca|Castres|Catalogne|Catalonia|Cayenne|Centrafrique|' +
  'Central African Republic|Central America|Centre-Val de Loire|Cergy|Chalon-sur-Saône|Chambéry|' +
  'Chamonix|Champagne|Charente|Charleroi|Charleville-Mézières|Charlotte|Chartres|Cherbourg|Chicago|' +
  'Chile|Chili|China|Chine|Cholet|Chypre|Châteauroux|Cincinnati|Cisjordanie|Clermont-Ferrand|Cleveland|' +
  'Colmar|Cologne|Colombia|Colombie|Colombie-Britannique|Colorado|Columbus|Comores|Comoros|Compiègne|' +
  'Conakry|Congo|Connecticut|Copenhagen|Copenhague|Cork|Cornouailles|Cornwall|Corrèze|Corse|Corsica|' +
  'Corée|Corée du Nord|Corée du Sud|Costa Rica|Cotonou|Coventry|Cracovie|Creuse|Crimea|Crimée|Croatia|' +
  "Croatie|Créteil|Cuba|Cyprus|Czech Republic|Czechia|Côte d'Azur|Côte d'Ivoire|Côtes-d'Armor|Dakar|" +
  'Dallas|Damas|Damascus|Danemark|Dauphiné|Dax|Deauville|Delaware|Delhi|Denmark|Denver|Detroit|Devon|' +
  'Dhaka|Dijon|Djibouti|Doha|Dole|Dominican Republic|Donbass|Dordogne|Douai|Douala|Doubs|Draguignan|' +
  'Dresde|Dresden|Drôme|Dubai|Dubaï|Dublin|Dundee|Dunkerque|Düsseldorf|Ecuador|Edinburgh|Edmonton|' +
  'Egypt|El Salvador|England|Eritrea|Espagne|Essex|Essonne|Estonia|Estonie|Etats-Unis|Ethiopia|Eure|' +
  'Europe|Fez|Fidji|Fiji|Finistère|Finland|Finlande|Flanders|Flandre|Flandres|Florence|Florida|Floride|' +
  'Foix|Fontainebleau|Fort-de-France|France|Francfort|Franche-Comté|Frankfurt|Fribourg|Fréjus|Fès|' +
  'Gabon|Gambia|Gambie|Gand|Gap|Gard|Gascogne|Gatineau|Gaza|Geneva|Genoa|Genève|Georgia|Germany|Gers|' +
  'Ghana|Ghent|Gironde|Glasgow|Grand Est|Grande-Bretagne|Grasse|Great Britain|Greece|Greenland|' +
  'Grenoble|Groenland|Grèce|Guadeloupe|Guatemala|Guinea|Guinée|Guyane|Géorgie|Gênes|Haiti|Halifax|' +
  'Hambourg|Hamburg|Hanoi|Hanoï|Harlem|Haut-Rhin|Haute-Garonne|Haute-Savoie|Hauts-de-France|' +
  'Hauts-de-Seine|Havana|Hawaii|Haïti|Helsinki|Ho Chi Minh City|Holland|Hollywood|Honduras|Hong Kong|' +
  'Hongrie|Honolulu|Houston|Hungary|Hyères|Hérault|Iceland|Idaho|Ile-de-France|Ille-et-Vilaine|' +
  'Illinois|Inde|India|Indiana|Indianapolis|Indonesia|Indonésie|Iowa|Irak|Iran|Iraq|Ireland|Irlande|' +
  'Irlande du Nord|Islamabad|Islande|Israel|Israël|Issy-les-Moulineaux|Istanbul|Istres|Isère|Italie|' +
  'Italy|Ivory Coast|Ivry-sur-Seine|Jacksonville|Jakarta|Jamaica|Jamaïque|Japan|Japon|Jerusalem|' +
  'Johannesburg|Jordan|Jordanie|Jura|Jérusalem|Kaboul|Kabul|Kansas|Kansas City|Karachi|Kashmir|' +
  'Kazakhstan|Kent|Kentucky|Kenya|Kharkiv|Kiev|Kinshasa|Kirghizistan|Kolkata|Korea|Kosovo|Koweït|' +
  'Krakow|Kuala Lumpur|Kurdistan|Kuwait|Kyiv|Kyoto|Kyrgyzstan|La Ciotat|La Havane|La Haye|La Mecque|' +
  'La Nouvelle-Orléans|La Roche-sur-Yon|La Rochelle|La Réunion|Lagos|Lahore|Lancashire|Landes|' +
  'Languedoc|Laos|Las Vegas|Latin America|Latvia|Lausanne|Laval|Le Caire|Le Cap|Le Havre|Le Mans|' +
  'Lebanon|Leeds|Leicester|Lens|Lettonie|Levallois-Perret|Liban|Liberia|Libreville|Libya|Libye|' +
  'Liechtenstein|Lille|Lima|Limoges|Limousin|Lisbon|Lisbonne|Lithuania|Lituanie|Liverpool|Liège|Loire|' +
  'Loire-Atlantique|Lomé|London|Londres|Lons-le-Saunier|Lorient|Lorraine|Los Angeles|Lot|Louisiana|' +
  'Louisiane|Louisville|Lourdes|Lourmarin|Louvain|Lozère|Lugano|Luxembourg|Lyon|Madagascar|Madrid|' +
  'Maghreb|Maine|Malaisie|Malawi|Malaysia|Mali|Malta|Malte|Mamoudzou|Manche|Manchester|Manhattan|' +
  'Manila|Manille|Manitoba|Marne|Marne-la-Vallée|Maroc|Marrakech|Marrakesh|Marseille|Martigues|' +
  'Martinique|Maryland|Massachusetts|Massif central|Mauritania|Mauritanie|Mauritius|Mayotte|Meaux|' +
  'Mecca|Medina|Melbourne|Melun|Memphis|Mende|Menton|Metz|Meuse|Mexico|Mexico City|Mexique|Miami|' +
  'Michigan|Middle East|Midwest|Milan|Millau|Milwaukee|Minneapolis|Minnesota|Minsk|Mississippi|' +
  'Missouri|Moldavie|Moldova|Monaco|Mongolia|Mongolie|Mons|Mont-de-Marsan|Montana|Montauban|' +
  'Montbéliard|Montenegro|Montevideo|Montpellier|Montreal|Montreuil|Montréal|Montélimar|Monténégro|' +
  'Morbihan|Morocco|Moscou|Moscow|Moselle|Moyen-Orient|Mozambique|Mulhouse|Mumbai|Munich|Myanmar|Mâcon|' +
  'Médine|Mérignac|Nairobi|Namibia|Namibie|Namur|Nancy|Nanterre|Nantes|Naples|Narbonne|Nashville|' +
  'Nebraska|Nepal|Netherlands|Neuchâtel|Neuilly-sur-Seine|Nevada|Nevers|New Brunswick|New Delhi|' +
  'New England|New Hampshire|New Jersey|New Mexico|New Orleans|New York|New York City|New Zealand|' +
  'Newcastle|Newfoundland|Niamey|Nicaragua|Nice|Niger|Nigeria|Nigéria|Niort|Nord|Normandie|Normandy|' +
  'North America|North Carolina|North Dakota|North Korea|Northern Ireland|Norvège|Norway|Nottingham|' +
  'Nouméa|Nouveau-Brunswick|Nouveau-Mexique|Nouvelle-Aquitaine|Nouvelle-Zélande|Nouvelle-Écosse|' +
  'Nova Scotia|Nunavut|Népal|Nîmes|Oakland|Occitanie|Oceania|Océanie|Odessa|Ohio|Oise|Oklahoma|Oman|' +
  'Ontario|Oran|Orange|Oregon|Orlando|Orléans|Orne|Osaka|Oslo|Ottawa|Ouagadougou|Ouganda|Ouzbékistan|' +
  'Oxford|Pakistan|Palestine|Panama|Papeete|Paraguay|Paris|Pas-de-Calais|Patagonia|Patagonie|Pau|' +
  'Pays Basque|Pays basque|Pays de Galles|Pays de la Loire|Pays-Bas|Pennsylvania|Pennsylvanie|' +
  'Perpignan|Perth|Peru|Pessac|Philadelphia|Philadelphie|Philippines|Phoenix|Picardie|Pittsburgh|' +
  'Plymouth|Pointe-à-Pitre|Poitiers|Poitou|Poland|Pologne|Portland|Porto|Porto Rico|Portsmouth|' +
  'Portugal|Prague|Proche-Orient|Provence|Puerto Rico|Pyongyang|Pyrénées|Pékin|Périgord|Périgueux|' +
  'Pérou|Qatar|Quebec|Queens|Quimper|Quito|Québec|Rabat|Raleigh|Reading|Reims|Rennes|Reykjavik|' +
  'Rhode Island|Rhône|Richmond|Rio|Rio de Janeiro|Riyad|Riyadh|Rodez|Romandie|Romania|Rome|Rotterdam|' +
  'Roubaix|Rouen|Roumanie|Roussillon|Royaume-Uni|Russia|Russie|Rwanda|République dominicaine|' +
  'République tchèque|Sacramento|Saguenay|Sahara|Saigon|Saint Louis|Saint Petersburg|Saint-Brieuc|' +
  'Saint-Denis|Saint-Etienne|Saint-Jean-de-Luz|Saint-Malo|Saint-Nazaire|Saint-Ouen|Saint-Priest|' +
  'Saint-Pétersbourg|Saint-Quentin|Saint-Tropez|Saint-Étienne|Salon-de-Provence|Salt Lake City|' +
  'San Antonio|San Diego|San Francisco|San Jose|Santiago|Sao Paulo|Sarcelles|Sardaigne|Sardinia|' +
  'Saskatchewan|Saudi Arabia|Saumur|Savoie|Scandinavia|Scandinavie|Scotland|Seattle|Seine-Maritime|' +
  'Seine-Saint-Denis|Seine-et-Marne|Senegal|Sens|Seoul|Serbia|Serbie|Seville|Sfax|Shanghai|Sheffield|' +
  'Shenzhen|Sherbrooke|Siberia|Sibérie|Sicile|Sicily|Sierra Leone|Silicon Valley|Singapore|Singapour|' +
  'Sion|Slovakia|Slovaquie|Slovenia|Slovénie|Sologne|Somalia|Somalie|Somme|Soudan|South Africa|' +
  'South America|South Carolina|South Dakota|South Korea|South Sudan|Southampton|Spain|Sri Lanka|' +
  'St. Louis|Stockholm|Strasbourg|Stuttgart|Sudan|Suisse|Suisse romande|Surrey|Sussex|Suède|Sweden|' +
  'Switzerland|Sydney|Syria|Syrie|São Paulo|Sète|Sénégal|Séoul|Séville|Tadjikistan|Taiwan|Tajikistan|' +
  'Talence|Tampa|Tanger|Tangier|Tanzania|Tanzanie|Tarbes|Tarn|Taïwan|Tchéquie|Tehran|Tel Aviv|' +
  'Tennessee|Terre-Neuve|Tessin|Texas|Thailand|Thaïlande|The Hague|Thionville|Tibet|Togo|Tokyo|Toronto|' +
  'Toscane|Toulon|Toulouse|Touraine|Tourcoing|Tours|Trois-Rivières|Troyes|Tucson|Tunis|Tunisia|Tunisie|' +
  'Turin|Turkey|Turkmenistan|Turquie|Tuscany|Téhéran|Uganda|Ukraine|United Arab Emirates|' +
  "United Kingdom|United States|United States of America|Uruguay|Utah|Uzbekistan|Val-d'Oise|" +
  'Val-de-Marne|Valais|Valence|Valencia|Valenciennes|Vancouver|Vannes|Var|Varsovie|Vatican|Vaucluse|' +
  'Vaud|Vendée|Venezuela|Venice|Venise|Vermont|Versailles|Vichy|Victoria|Vienna|Vienne|Vierzon|' +
  'Viet Nam|Vietnam|Villeurbanne|Vincennes|Virginia|Virginie|Vitry-sur-Seine|Viêt Nam|Vosges|' +
  'Vénissieux|Wales|Wallonia|Wallonie|Warsaw|Washington|Wellington|West Bank|West Virginia|Winnipeg|' +
  'Wisconsin|Wyoming|Yaoundé|Yemen|York|Yorkshire|Yukon|Yvelines|Yémen|Zambia|Zambie|Zimbabwe|Zurich|' +
  'Zürich|Écosse|Édimbourg|Égypte|Émirats arabes unis|Épinal|Équateur|Érythrée|États-Unis|Éthiopie|' +
  'Évry|Île-de-France|' +
  // Nineteenth pass: islands, mountain ranges, lakes, coasts and holiday regions that people go to and
  // write about ("surf trip to Lanzarote", "randonnée dans le Vercors"); compiled from general knowledge.
  'Lanzarote|Tenerife|Gran Canaria|Fuerteventura|Mallorca|Majorca|Majorque|Menorca|Minorque|Formentera|' +
  'Baléares|Balearics|Canaries|Canary Islands|Îles Canaries|Crete|Crète|Corfou|Mykonos|Santorini|' +
  'Santorin|Kefalonia|Céphalonie|Zakynthos|Naxos|Paros|Lesbos|Cyclades|Anglesey|Isle of Skye|' +
  'Île de Skye|Isle of Mull|Islay|Isle of Arran|Orcades|Shetland|Shetlands|Hebrides|Hébrides|' +
  'Outer Hebrides|Guernsey|Isle of Wight|Île de Wight|Isle of Man|Île de Man|Belle-Île|' +
  "Belle-Île-en-Mer|Ouessant|Porquerolles|Port-Cros|Île d'Oléron|Île de Ré|Noirmoutier|Île d'Yeu|Groix|" +
  'Bréhat|Île de Bréhat|Tahiti|Moorea|Bora Bora|Bora-Bora|Raiatea|Marquises|Polynésie|' +
  'Nouvelle-Calédonie|New Caledonia|Saint-Barth|Madeira|Madère|Azores|Açores|Bali|Lombok|Koh Samui|' +
  'Koh Lanta|Cebu|Palawan|Boracay|Seychelles|Maldives|Gozo|Lampedusa|Djerba|Faroe Islands|Îles Féroé|' +
  'Lofoten|Svalbard|Gotland|Sporades|Dodecanese|Halkidiki|Zante|Ischia|Procida|Vercors|Queyras|' +
  'Dolomites|Dolomiti|Pyrenees|Cévennes|Morvan|Lubéron|Luberon|Verdon|Gorges du Verdon|Cairngorms|' +
  'Lake District|Peak District|Cotswolds|Snowdonia|Eryri|Brecon Beacons|Dartmoor|Exmoor|' +
  'Yorkshire Dales|Scottish Highlands|Connemara|Burren|Donegal|Algarve|Costa Brava|Costa del Sol|' +
  'Costa Blanca|Catalunya|Galice|Basque Country|Tyrol|Tirol|Rockies|Rocky Mountains|Appalachians|' +
  'Catskills|Adirondacks|Laurentides|Laurentians|Gaspésie|Charlevoix|Abitibi|Outaouais|Estrie|' +
  "Cantons-de-l'Est|Kerala|Goa|Punjab|Rajasthan|Gujarat|Tamil Nadu|Karnataka|Himalaya|Himalayas|Andes|" +
  'Sinai|Sinaï|Lapland|Laponie|Tasmania|Tasmanie|Caucasus|Caucase|Transylvania|Transylvanie|Cappadocia|' +
  'Cappadoce|Quercy|Béarn|Ulster|Leinster|Brabant|Ticino|Grisons|Oberland|Verbier|Val Thorens|' +
  'Courchevel|Tignes|Serre Chevalier|Lake Como|Lac de Côme|Lake Garda|Lac de Garde|Lac Léman|' +
  "Lake Geneva|Loch Ness|Loch Lomond|Loch Awe|Ullswater|Windermere|Lac d'Annecy|Lac du Bourget|" +
  'Lac de Vassivière|Vassivière|Amalfi Coast|Côte amalfitaine|Cinque Terre|Dalmatia|Dalmatie|Istria|' +
  "Istrie|Norfolk Broads|Scilly|Isles of Scilly|Îles Scilly|Aran Islands|Îles d'Aran|Achill|Cap Corse|" +
  "Cap Ferret|Arcachon|Bassin d'Arcachon|Pays de Caux|Cotentin|Trégor|Côte de Granit Rose|Côte d'Opale|" +
  "Côte Vermeille|Vexin|Pays d'Auge|Baie de Somme|Mont-Saint-Michel|Everglades|Yosemite|Yellowstone|" +
  'Grand Canyon|Hawaï|Maui|Oahu|Hokkaido|Kyushu|Borneo|Bornéo|Sumatra|Mindanao|Luzon|Visayas|Langkawi|' +
  'Penang|Kilimanjaro|Serengeti|Masai Mara|Okavango|Nosy Be|Marie-Galante|Désirade|Sint Maarten|' +
  'Curaçao|Aruba|Barbados|Barbade|Tobago|Grenadines|Sainte-Lucie|Saint Lucia|Saint-Pierre-et-Miquelon|' +
  'Wallis-et-Futuna|Kerguelen|Skye|Mull|Arran|Kerry|Jersey|Capri|Elba|Rhodes|Maurice|Chartreuse|' +
  'Mont Blanc|Mont-Blanc|Highlands|Riviera|Brie|Perche|Réunion|Saint-Martin|Rodrigues|' +
  // Twenty-eighth pass: the historic counties of Scotland, Wales, Ulster and England that ISO 3166-2
  // (places-wide.ts) no longer lists, and upland and rural areas of Britain, France and Belgium.
  'Perthshire|Ayrshire|Lanarkshire|Inverness-shire|Morayshire|Caithness|Sutherland|Westmorland|Glamorgan|' +
  'Radnorshire|Breconshire|Cardiganshire|Merionethshire|Montgomeryshire|Caernarfonshire|Tyrone|Londonderry|' +
  'Lothian|Berwickshire|Dumfriesshire|Kincardineshire|Banffshire|Roxburghshire|Peeblesshire|Selkirkshire|' +
  'Stirlingshire|Kinross-shire|Wigtownshire|Kirkcudbrightshire|Ross-shire|Huntingdonshire|Middlesex|' +
  'Trossachs|Mournes|Mourne Mountains|Chilterns|Mendips|Quantocks|Gower|Pennines|Midlands|East Anglia|' +
  'West Country|Black Country|New Forest|Chablais|Condroz|Gaume|Famenne|Hesbaye|Brenne|Aubrac|Margeride|' +
  'Oisans|Tarentaise|Maurienne|Larzac|' +
  // Thirtieth pass: the metropolitan and former counties of England that ISO 3166-2 splits into districts.
  'West Yorkshire|South Yorkshire|West Midlands|Greater Manchester|Merseyside|Tyne and Wear|Greater London|' +
  'Humberside|Hereford and Worcester|' +
  // Thirty-third pass: well-known neighbourhoods and districts of the cities where the project's
  // commenters live, which GeoNames' town files do not hold (they carry no population of their own).
  "Montmartre|Pigalle|Marais|Bastille|Oberkampf|Ménilmontant|Barbès|Château Rouge|Goutte-d'Or|" +
  'Batignolles|Butte-aux-Cailles|Saint-Germain-des-Prés|Quartier latin|Montparnasse|La Défense|' +
  'Croix-Rousse|Vieux-Lyon|Guillotière|Part-Dieu|Confluence|Fourvière|Vieux-Port|Le Panier|Noailles|' +
  'La Plaine|Chartrons|Saint-Michel|Wazemmes|Vieux-Lille|Bouffay|Capitole|Saint-Cyprien|' +
  'Matonge|Sablon|Flagey|Pâquis|Plainpalais|Eaux-Vives|Flon|Ouchy|Plateau-Mont-Royal|Mile-End|' +
  'Mile End|Hochelaga|Hochelaga-Maisonneuve|Rosemont|Petite-Patrie|Villeray|Vieux-Montréal|' +
  'Griffintown|Saint-Henri|Limoilou|Saint-Roch|Vieux-Québec|Saint-Sauveur|Shoreditch|Hoxton|' +
  'Dalston|Stoke Newington|Walthamstow|Whitechapel|Bethnal Green|Bermondsey|Deptford|Lewisham|' +
  "Camberwell|Streatham|Tooting|Balham|Battersea|Fulham|Hammersmith|Shepherd's Bush|Kilburn|" +
  'Harringay|Tottenham|Wood Green|Finsbury Park|Holloway|Kentish Town|Covent Garden|Bloomsbury|' +
  'Marylebone|Mayfair|Fitzrovia|Ancoats|Chorlton|Moss Side|Rusholme|Levenshulme|Salford Quays|' +
  'Digbeth|Moseley|Kings Heath|Edgbaston|Headingley|Chapel Allerton|Toxteth|Anfield|Partick|' +
  'Govan|Dennistoun|Finnieston|Leith|Portobello|Stockbridge|Bruntsfield|Roath|Splott|Grangetown|' +
  'Pontcanna|Clontarf|Rathmines|Ranelagh|Drumcondra|Phibsborough|Stoneybatter|Smithfield|' +
  'Ballsbridge|Sandymount|Dún Laoghaire|Dun Laoghaire|Howth|Malahide|Falls Road|Shankill|' +
  'Stokes Croft|Bedminster|Montpelier|Easton|Cocody|Yopougon|Plateau|Treichville|' +
  'Lekki|Ikeja|Victoria Island|Malleshwaram|Koramangala|Indiranagar|' +
  // Twenty-ninth pass: well-known mountains, passes, lakes, rivers, long-distance paths, ski resorts and
  // surf spots of Britain, Ireland, France, Belgium, Switzerland, Québec and the world, where the
  // outdoors is talked about; those named like a word or a person are below as well.
  'Ben Nevis|Ben Lomond|Ben Macdui|Ben Lawers|Ben Vorlich|Ben Ledi|Ben More|Ben Hope|Ben Loyal|Ben Wyvis|' +
  'Ben Cruachan|Ben Alder|Ben Vrackie|Ben Bulben|Benbulbin|Schiehallion|Cairn Gorm|Lochnagar|' +
  'Buachaille Etive Mor|An Teallach|Suilven|Stac Pollaidh|Liathach|Cuillin|Cuillins|Goatfell|Helvellyn|' +
  'Scafell Pike|Scafell|Skiddaw|Blencathra|Great Gable|Catbells|Cat Bells|Coniston Old Man|' +
  'Old Man of Coniston|Striding Edge|Sharp Edge|Pen y Fan|Pen-y-Fan|Cadair Idris|Cader Idris|Tryfan|' +
  'Glyder Fawr|Crib Goch|Yr Wyddfa|Carrauntoohil|Croagh Patrick|Errigal|Mweelrea|Lugnaquilla|Djouce|' +
  'Pen-y-ghent|Whernside|Ingleborough|Kinder Scout|Mam Tor|Stanage Edge|Roseberry Topping|' +
  "Ditchling Beacon|Box Hill|Leith Hill|Arthur's Seat|Cheviot|Dunkery Beacon|Old Man of Hoy|" +
  'Old Man of Storr|Quiraing|Derwentwater|Buttermere|Wastwater|Ennerdale|Coniston Water|Grasmere|' +
  'Rydal Water|Haweswater|Thirlmere|Crummock Water|Lough Neagh|Lough Erne|Lough Corrib|Loch Tay|' +
  'Loch Katrine|Loch Morlich|Thames|Liffey|Tweed|Spey|Mersey|Tyne|Clyde|Boyne|Corrib|Seine|' +
  'Garonne|Rhin|Rhine|Danube|Escaut|Scheldt|Ourthe|Semois|Lesse|Sambre|Vézère|Durance|' +
  'Saône|Adour|Volga|Nile|Nil|Zambezi|Ganges|Gange|Mekong|Yangtze|Tiber|Tibre|Ebro|' +
  'Èbre|Douro|Tagus|Tage|Guadalquivir|Elbe|Oder|Vistula|Potomac|Léman|Lake Louise|Lake Tahoe|Lake Bled|' +
  'Lac Saint-Jean|Memphrémagog|Mont Ventoux|Ventoux|Tourmalet|Col du Tourmalet|Galibier|Col du Galibier|' +
  "Izoard|Col d'Izoard|Aubisque|Col d'Aubisque|Alpe d'Huez|Aigoual|Mont Aigoual|Puy de Dôme|Puy de Sancy|" +
  'Canigou|Pic du Midi|Vignemale|Mont Perdu|Aneto|Cervin|Matterhorn|Eiger|Jungfrau|Dufourspitze|' +
  'Monte Rosa|Mont Rose|Grandes Jorasses|Aiguille du Midi|Aiguille Verte|Dent Blanche|Dents du Midi|' +
  'Grand Combin|Weisshorn|Pilatus|Säntis|Titlis|Moléson|Zugspitze|Grossglockner|Großglockner|' +
  'Marmolada|Tre Cime|Monte Bianco|Gran Paradiso|Barre des Écrins|Meije|Mont Aiguille|Grand Veymont|' +
  "Chamechaude|Dent de Crolles|Mont Granier|Semnoz|Salève|Grand Colombier|Ballon d'Alsace|Grand Ballon|" +
  'Hohneck|Mont Lozère|Mézenc|Gerbier de Jonc|Plomb du Cantal|Puy Mary|Piton des Neiges|' +
  'Piton de la Fournaise|Montagne Pelée|Mont Tremblant|Mont-Tremblant|Mont Sainte-Anne|Mont-Sainte-Anne|' +
  'Mont Orford|Koppenberg|Kapelmuur|Oude Kwaremont|Paterberg|Everest|Annapurna|Kangchenjunga|Lhotse|' +
  'Denali|Aconcagua|Kosciuszko|Toubkal|Etna|Vesuvius|Vésuve|Stromboli|Teide|Olympus|Elbrus|' +
  'Table Mountain|Uluru|Ayers Rock|El Capitan|Half Dome|Grand Teton|Mount Whitney|Pikes Peak|Mauna Kea|' +
  'Aoraki|Trolltunga|Preikestolen|West Highland Way|Pennine Way|South Downs Way|Cotswold Way|' +
  "Offa's Dyke|Wicklow Way|Kerry Way|Dingle Way|Camino de Santiago|Chemin de Compostelle|Compostelle|" +
  'Haute Route|Tour du Mont Blanc|Appalachian Trail|Pacific Crest Trail|Icefields Parkway|' +
  "Great Ocean Road|Méribel|Les Arcs|La Plagne|Val d'Isère|Morzine|Avoriaz|Les Gets|Les Deux Alpes|" +
  'La Clusaz|Grand-Bornand|Flaine|Les Menuires|Risoul|Font-Romeu|Saint-Lary|La Mongie|Saas-Fee|' +
  'Grindelwald|Wengen|Mürren|Saint-Moritz|St. Moritz|Arosa|Laax|Champéry|Nendaz|Engelberg|Andermatt|' +
  'Tremblant|Niseko|Hakuba|Thredbo|Kitzbühel|Ischgl|Sölden|Cervinia|Courmayeur|Livigno|' +
  "Cortina d'Ampezzo|Val Gardena|Madonna di Campiglio|Bells Beach|Byron Bay|Bondi|Bondi Beach|" +
  "Hossegor|Lacanau|Seignosse|Teahupoo|Teahupo'o|Ericeira|Mundaka|Fistral|Bundoran|Lahinch|" +
  'Mullaghmore|Tofino|Ucluelet|Jeffreys Bay|Uluwatu|Margaret River|Noosa|Snapper Rocks';

/**
 * Places whose name is also a common word, a first name or a surname (Nice, Tours, Orange, Florence,
 * Jordan, Washington…): recognised only after a place cue such as "in", "from", "à", "de".
 */
export const AMBIGUOUS_PLACES =
  'Adelaide|Ain|Aix|Alexandria|Anjou|Aude|Austin|Bath|Berry|Buffalo|Camargue|Carolina|' +
  'Chad|Charente|Charlotte|Chester|Columbus|Cork|Cuba|Dakota|Dallas|Denver|Devon|Dole|Essex|Eure|' +
  'Florence|Florida|Foix|Gap|Gard|Georgia|Grasse|Guinea|Halifax|Holland|Houston|Hyères|Indiana|Jackson|' +
  'Jordan|Jura|Kent|Landes|Laval|Lens|Lima|Lincoln|Loire|Lorraine|Lot|Lourdes|Maine|Mali|Manche|Marne|' +
  'Mobile|Mons|Montana|Nancy|Nevada|Nice|Niger|Nord|Oise|Oman|Orange|Orlando|Orne|Perth|Phoenix|Poitou|' +
  'Porto|Reading|Richmond|Rio|Santiago|Savoie|Sens|Sion|Somme|Split|Surrey|Sydney|Tarn|Tours|Turkey|' +
  'Valence|Var|Vendée|Victoria|Virginia|Wales|Washington|Wellington|York|' +
  // Nineteenth pass: islands and regions named like a word, a person or a cheese.
  'Skye|Mull|Arran|Kerry|Jersey|Capri|Elba|Rhodes|Maurice|Chartreuse|Mont Blanc|Mont-Blanc|Highlands|' +
  'Riviera|Brie|Beauce|Perche|Réunion|Saint-Martin|Rodrigues|Hawaii|' +
  // Twenty-eighth pass: counties and areas named like a person or a cheese.
  'Sutherland|Tyrone|Gower|Aubrac|' +
  // Thirty-fifth pass: towns and regions named like what is drunk or sold from there ("Champagne on a
  // Tuesday", "une bonne Chimay", "Évian ou Vittel", "pastilles Vichy"); after a place cue, the place.
  'Champagne|Chimay|Évian|Vittel|Rioja|Vichy|' +
  // Thirty-third pass: neighbourhoods named like a word, a person or something else.
  'Marais|Bastille|Confluence|Capitole|La Plaine|Saint-Michel|Flon|Sablon|Plateau|Easton|' +
  'Smithfield|Chorlton|Stockbridge|Montpelier|Holloway|Tottenham|Fulham|Anfield|Govan|' +
  // Twenty-ninth pass: mountains, rivers and resorts named like a word, a person or a brand.
  'Ben More|Ben Hope|Ben Loyal|Ben Alder|Cheviot|Tweed|Lesse|Nil|Tage|Oder|Elbe|Olympus|' +
  'Tremblant';

/** Words after which a capitalised word is likely a place ("in", "from", "à", "de", "vers"…). */
export const PLACE_CUES =
  'in at from to near into visit visited visiting around across outside inside towards toward via ' +
  'born live lives living moved based located à a au aux en de d depuis vers près pour sur par habite vit né née ' +
  // Twenty-sixth pass: one goes round or through a town ("the lantern walk round York").
  'round through';
