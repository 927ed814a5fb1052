/**
 * Surnames (311) that mark a person even without a first name when written capitalised
 * mid-sentence: the most frequent French family names and the names of French and international public figures
 * often named alone in comments (the eighth pass added 57 historical and public figures: scientists,
 * writers, artists, athletes, heads of government). Lower case, space separated; multi-word names use '_' for the space.
 * Compiled for this project from general knowledge (a list of facts, not copied from a file).
 */
export const SURNAMES =
  'adam andré antoine arnaud attal aubert aubry aznavour bailly barbier bardella baron barré barthélemy ' +
  'bayrou benoît benzema berger bernard bertin bertrand besson biden binoche blanc blanchard bonnet ' +
  'borne boucher bouchet boulanger bourgeois bouvier boyer breton brun brunet bush bénard carlier caron ' +
  'carpentier carré charles charpentier chauvin chevalier chevallier chirac clinton clément colin ' +
  'collet collin cordier cotillard cousin da_silva daniel darmanin david de_gaulle delaunay deneuve ' +
  'denis depardieu deschamps dion dubois dufour dujardin dumas dumont dupont dupuis dupuy durand duval ' +
  'erdogan fabius fabre faure fernandez fillon fleury fontaine fournier françois gaillard gainsbourg ' +
  'garcia garnier gaulle gauthier gautier germain gilbert gillet girard giraud giscard goldman ' +
  'griezmann grondin guichard guillaume guillot guyot guérin gérard hallyday hamon henry hervé hidalgo ' +
  'hoarau hollande hubert huet humbert jacob jacquet jean joly jospin julien klein lacroix lambert lamy ' +
  'langlois laporte laurent le_gall le_goff le_pen le_roux leblanc lebrun leclerc leclercq lecomte ' +
  'lefebvre lefort lefèvre legrand lejeune lemaire lemaître lemoine lepen leroux leroy lopez louis ' +
  'lucas léger lévêque macron maillard mallet marchal marchand marie martin martinez marty maréchal ' +
  'masson mathieu mbappé mercier merkel meunier meyer michaud michel millet mitterrand monnier moreau ' +
  'morel morin moulin muller musk mélenchon ménard netanyahu nicolas noël obama olivier pasquier payet ' +
  'pelletier pelosi perez perret perrier perrin perrot petit philippe piaf picard pichon pierre poirier ' +
  'pompidou poulain prévost putin pécresse renard renaud renault rey reynaud richard rivière robert ' +
  'robin roche rodriguez roger rolland rousseau roussel roux roy royer rémy sanchez sanders sarkozy ' +
  'schmitt schneider simon stromae sy tessier thomas trump valls vasseur vidal vincent weber zelensky ' +
  'zemmour zidane zuckerberg étienne ' +
  'balzac beethoven bezos blair bolsonaro camus churchill copernic corbyn curie darwin dati descartes ' +
  'dickens edison einstein freud galilée galileo gandhi hawking hemingway hitler juppé kant kennedy ' +
  'lula mandela marx mbappe mbappé melenchon mélenchon messi modi molière mozart napoleon napoléon newton ' +
  'nietzsche orwell pasteur picasso poutine proust ronaldo rowling sartre shakespeare staline stalin ' +
  'starmer sunak thatcher tolkien trudeau voltaire zola ';
