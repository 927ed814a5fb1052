/**
 * French first names (622), lower case with accents, space separated (compound names keep
 * their hyphen). Compiled for this project from general knowledge of the given names most borne in
 * France and French-speaking countries (the kind of names listed in INSEE's public first-name
 * statistics), including common hypocoristics (Manu, Seb, Flo). A list of facts, not copied from a file.
 */
export const FIRST_NAMES_FR =
  'aaron abdel abdelkader abdellah abdou abdoulaye abel achille adam adel adeline adrien adrienne adèle ' +
  'adélaïde agathe agnès ahmed aimé aimée alain alban albane albert alberte albin alex alexandra ' +
  'alexandre alexia alexis alfred ali alice alicia aline alix alizée allan aloïs alphonse amandine ' +
  'amaury ambre amel aminata amine amir amélie anatole anaëlle anaïs andré andrée ange angèle angélique ' +
  'anissa anna annabelle anne anne-claire anne-laure anne-lise anne-marie anne-sophie annick annie ' +
  'anouk anthony antoine antoinette antonin apolline archibald ariane arielle arnaud arthur astrid aude ' +
  'audrey augustin aurore aurélie aurélien awa axel axelle aya aymeric aïcha baptiste barbara bastien ' +
  'benjamin benoît benoîte bernadette bernard bertrand bilal blandine boris brigitte bruno béatrice ' +
  'bérangère camille capucine carine carole caroline cassandre catherine chantal charles charlotte ' +
  'charlène chloé christelle christian christiane christine christophe claire clara clarisse claude ' +
  'claudine clotilde clémence clément clémentine cléo colette coline coralie corentin corinne cyril ' +
  'cyrille cécile cédric céline damien daniel danielle danièle david delphine denis denise diane didier ' +
  'dimitri djamel dominique dorian dorothée dylan dédé edgar edith edmond edwige elsa emma emmanuel ' +
  'emmanuelle enzo erwan esteban estelle esther ethan eugène eugénie eva evan fabien fabienne fabrice ' +
  'fanny farid fatima fatou fatoumata ferdinand fernand fernande flo florence florent florentin florian ' +
  'francis franck françois françoise fred frédéric frédérique félix gabin gabriel gabrielle gaspard ' +
  'gaston gauthier gautier gaël gaëlle gaëtan geneviève georges georgette germain germaine ghislain ' +
  'ghislaine gilbert gilberte gilles ginette gisèle grégoire grégory guilhem guillaume guy gwenaël ' +
  'gwendoline gérald géraldine gérard hamid hannah hassan hector henri henriette hervé hind honorine ' +
  'honoré hortense hubert hugo hugues huguette hélène ibrahim ibrahima ilona ilyes inaya ingrid inès ' +
  'irène isaac isabelle jacky jacqueline jacques jade jean jean-baptiste jean-charles jean-christophe ' +
  'jean-claude jean-françois jean-jacques jean-louis jean-luc jean-marc jean-marie jean-michel jean- ' +
  'paul jean-philippe jean-pierre jean-yves jeanne jennifer jessica joachim jocelyne johan johanna ' +
  'johanne jojo jonathan jordan joseph josette josiane josué joséphine joël joëlle juju jules julia ' +
  'julie julien juliette justin justine jérémie jérémy jérôme kader kadiatou kamel karim karima karine ' +
  'katia kelly kenza kenzo kilian killian kylian kévin laetitia laura laure laurence laurent lenny ' +
  'leïla lila lina line lionel lisa lise lola lorenzo loris lorraine lou louane louis louis-marie ' +
  'louise louna loïc luc luca lucas lucie lucien lucienne lucille ludivine ludovic lydie lætitia léa ' +
  'léana léo léon léonard léonie léopold madeleine mael maelys magali malik malika mamadou manon manu ' +
  'manuel marc marc-antoine marceau marcel marcelle marcelline margaux margot marguerite maria mariama ' +
  'marianne marie marie-anne marie-christine marie-claire marie-france marie-hélène marie-josé marie- ' +
  'laure marie-louise marie-noëlle marie-pierre marie-thérèse marielle marina marine marion marius ' +
  'marlène marthe martial martin martine mathias mathieu mathilde mathis mathéo matteo matthieu maud ' +
  'maurice max maxence maxime maximilien maël maëlle maëlys maïa mehdi michaël michel micheline michèle ' +
  'mickael mickaël mimi mireille mohamed mohammed monique morgan morgane mounir moussa muriel murielle ' +
  'mustapha myriam médéric mélanie mélissa mélodie nabil nadia nadine nadège nathalie nathan nathanaël ' +
  'naël nico nicolas nicole nina noah nolan nolhan nordine nour noé noémie océane odette odile olivia ' +
  'olivier omar ophélie oscar ousmane pascal pascale patrice patricia patrick paul paul-henri paule ' +
  'pauline perrine philippe pierre pierre-louis pierre-yves pierrette quentin rachel rachid rafael ' +
  'raphaël raphaëlle rayan raymond raymonde renaud rené renée richard riton robert robin roger roland ' +
  'rolande romain romane romuald rose roseline rosine roxane régine régis rémi rémy sabine sabrina ' +
  'sacha salomé samia samir samuel sandra sandrine sarah sasha seb serge seydou sidonie simon simone ' +
  'sofiane solange solène sonia sophie soraya steph steven stéphane stéphanie suzanne sylvain sylviane ' +
  'sylvie sébastien tatiana thibault thibaut thierry thomas théo théodore théophile thérèse timothée ' +
  'timéo tiphaine titi tom tristan ugo valentin valentine valérie vanessa victoire victor vincent ' +
  'violette virginie viviane vivien véra véronique wassim xavier yacine yanis yann yannick yasmine ' +
  'yassine yoann yohan yolande youssef yves yvette yvonne zinedine zoé ève édith édouard élia éliane ' +
  'élie élisa élisabeth élise élodie éloïse éléonore émeline émile émilie émilien éric étienne évelyne ';
