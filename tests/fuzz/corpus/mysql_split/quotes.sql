SELECT 'it\'s;', `a;b`, "x;" /*! 50001 ; */ -- c;
